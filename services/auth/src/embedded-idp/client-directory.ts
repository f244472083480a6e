import type { DevClient, DevIdentity } from './dev-identity.js';
import type { DevSecrets } from './dev-secrets.js';

/** A client of the embedded provider (Keycloak: a realm client); replaced, never mutated. */
export interface DirectoryClient {
  readonly id: string;
  readonly description: string;
  /** Catalog scopes the client holds (Keycloak: its default client scopes). */
  readonly scopes: readonly string[];
  readonly secret: string;
  readonly enabled: boolean;
  /** A client users log in to (authorization code + PKCE), like the console. */
  readonly login?: DevClient['login'];
  /** Backend audiences the client may exchange a user's token for. */
  readonly tokenExchange?: DevClient['tokenExchange'];
}

/**
 * The embedded provider's clients and catalog scopes, in memory: seeded from the dev identity
 * file and its generated secrets, changed by provisioning, lost on restart. The provider reads
 * every client from here on each request, so a change applies to the next token request.
 */
export interface ClientDirectory {
  client(id: string): DirectoryClient | undefined;
  /** The client if it may get tokens now (present and enabled). */
  active(id: string): DirectoryClient | undefined;
  /** Scopes an enabled client holds on the gateway resource; empty otherwise. */
  allowedScopes(id: string): readonly string[];
  /** Backend audiences an enabled client may exchange for; empty otherwise. */
  exchangeAudiences(id: string): readonly string[];
  put(client: DirectoryClient): void;
  /** Every scope clients may hold: name → description (the identity file's and synced ones). */
  scopes(): ReadonlyMap<string, string>;
  /**
   * Whether a catalog sync manages the scope and may prune it. The identity file's scopes are
   * managed in the file until a sync names them (Keycloak: the `mcpgw.catalog` attribute), so
   * the registry's catalog never strips e.g. the gateway's `registry.snapshot.read`.
   */
  inCatalog(name: string): boolean;
  /** Creates or updates a scope and puts it under the catalog sync's management. */
  putScope(name: string, description: string): void;
  /** Removes the scope from the catalog and from every client holding it, as Keycloak does. */
  deleteScope(name: string): void;
}

function seededClient(client: DevClient, secrets: DevSecrets): DirectoryClient {
  const secret = secrets.clients[client.id];
  // loadDevSecrets generates one for every seeded client before the directory is built.
  if (secret === undefined) throw new Error(`no generated secret for client ${client.id}`);
  return {
    id: client.id,
    description: client.description,
    scopes: [...client.scopes],
    secret,
    enabled: true,
    ...(client.login === undefined ? {} : { login: client.login }),
    ...(client.tokenExchange === undefined ? {} : { tokenExchange: client.tokenExchange }),
  };
}

export function createClientDirectory(identity: DevIdentity, secrets: DevSecrets): ClientDirectory {
  const clients = new Map(identity.clients.map((c) => [c.id, seededClient(c, secrets)]));
  const scopes = new Map(identity.scopes.map((s) => [s.name, s.description]));
  const catalog = new Set<string>();
  const active = (id: string) => {
    const client = clients.get(id);
    return client?.enabled === true ? client : undefined;
  };
  return {
    client: (id) => clients.get(id),
    active,
    allowedScopes: (id) => active(id)?.scopes ?? [],
    exchangeAudiences: (id) => active(id)?.tokenExchange?.audiences ?? [],
    put: (client) => {
      clients.set(client.id, client);
    },
    scopes: () => scopes,
    inCatalog: (name) => catalog.has(name),
    putScope: (name, description) => {
      scopes.set(name, description);
      catalog.add(name);
    },
    deleteScope: (name) => {
      scopes.delete(name);
      catalog.delete(name);
      for (const client of clients.values()) {
        if (client.scopes.includes(name))
          clients.set(client.id, { ...client, scopes: client.scopes.filter((s) => s !== name) });
      }
    },
  };
}
