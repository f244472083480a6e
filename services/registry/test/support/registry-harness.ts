import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createBaseApp } from '@mcpgw/http';
import { createGroupMapper, createTokenVerifier } from '@mcpgw/identity';
import { createLogger } from '@mcpgw/logger';
import { startLocalIssuer, type LocalIssuer } from '@mcpgw/testing';
import { Writable } from 'node:stream';
import { createAuditLog } from '../../src/domain/audit/audit-log.js';
import { REGISTRY_INDEXES } from '../../src/domain/indexes.js';
import type { Clock } from '../../src/domain/ports/clock.js';
import type { DocumentStore } from '../../src/domain/ports/document-store.js';
import { createChangeNotifier, type RegistryContext } from '../../src/domain/registry-context.js';
import { createMemoryDocumentStore } from '../../src/data-access/memory/memory-document-store.js';
import { mountRegistryApi } from '../../src/http/mount-api.js';
import type { RouteDefinition } from '../../src/http/route.js';

/** Keycloak-like groups → registry roles, as a deployment would configure them. */
export const TEST_GROUP_MAPPING = {
  groups: {
    'platform-admins': { roles: ['platform-admin'] },
    'security-reviewers': { roles: ['security-reviewer'] },
    approvers: { roles: ['approver'] },
    auditors: { roles: ['auditor'] },
    'team-crm': { roles: ['server-owner:crm'] },
    'team-billing': { roles: ['server-owner:billing'] },
  },
};

export const GATEWAY_CLIENT_ID = 'mcp-gateway';

/** Named callers; each gets a real signed JWT from the local issuer. */
export const PERSONAS = {
  admin: { sub: 'u-admin', preferred_username: 'alice', groups: ['/platform-admins'] },
  reviewer: { sub: 'u-rev', preferred_username: 'rita', groups: ['/security-reviewers'] },
  reviewer2: { sub: 'u-rev2', preferred_username: 'raj', groups: ['/security-reviewers'] },
  crmOwner: { sub: 'u-crm', preferred_username: 'carol', groups: ['/team-crm'] },
  /** A CRM owner who is also a reviewer: may not approve CRM's own servers. */
  crmOwnerReviewer: {
    sub: 'u-crm-rev',
    preferred_username: 'cody',
    groups: ['/team-crm', '/security-reviewers'],
  },
  billingOwner: { sub: 'u-bill', preferred_username: 'bob', groups: ['/team-billing'] },
  approver: { sub: 'u-appr', preferred_username: 'ann', groups: ['/approvers'] },
  approver2: { sub: 'u-appr2', preferred_username: 'abe', groups: ['/approvers'] },
  auditor: { sub: 'u-aud', preferred_username: 'aud', groups: ['/auditors'] },
  nobody: { sub: 'u-none', preferred_username: 'nina', groups: [] },
  agent: {
    sub: 'sa-agent-1',
    preferred_username: 'service-account-agent-1',
    client_id: 'agent-1',
    scope: 'crm.read',
  },
  gateway: {
    sub: 'sa-gateway',
    preferred_username: `service-account-${GATEWAY_CLIENT_ID}`,
    client_id: GATEWAY_CLIENT_ID,
  },
} as const;
export type Persona = keyof typeof PERSONAS;

export interface RegistryHarness {
  readonly url: string;
  readonly ctx: RegistryContext;
  readonly store: DocumentStore;
  readonly issuer: LocalIssuer;
  token(persona: Persona, extra?: Record<string, unknown>): Promise<string>;
  /** fetch with the persona's bearer token and JSON body. */
  call(
    persona: Persona | null,
    method: string,
    path: string,
    body?: unknown,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON bodies
  ): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

export async function startRegistryHarness(options: {
  routes: (ctx: RegistryContext) => readonly RouteDefinition[];
  store?: DocumentStore;
  clock?: Clock;
}): Promise<RegistryHarness> {
  const issuer = await startLocalIssuer();
  const store = options.store ?? createMemoryDocumentStore();
  await store.ensureIndexes(REGISTRY_INDEXES);
  const clock = options.clock ?? { now: () => new Date() };
  const silent = new Writable({ write: (_c, _e, cb) => cb() });
  const logger = createLogger({ service: 'registry-test', level: 'error', stream: silent });
  const ctx: RegistryContext = {
    store,
    clock,
    audit: createAuditLog({ store, clock, instance: 'registry-test' }),
    changes: createChangeNotifier(),
    logger,
  };
  const verifier = createTokenVerifier({
    issuers: [{ issuer: issuer.issuer, audiences: [issuer.audience], jwksUri: issuer.jwksUri }],
    groupMapper: createGroupMapper(TEST_GROUP_MAPPING),
  });
  const base = createBaseApp({ service: 'registry', logger });
  mountRegistryApi(base.app, {
    verifier,
    routes: options.routes(ctx),
    gatewayClientIds: [GATEWAY_CLIENT_ID],
    version: 'test',
  });
  base.finalize();
  const server: Server = await new Promise((resolve) => {
    const s = base.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const token = (persona: Persona, extra: Record<string, unknown> = {}) =>
    issuer.mint({ ...PERSONAS[persona], ...extra });

  return {
    url,
    ctx,
    store,
    issuer,
    token,
    async call(persona, method, path, body) {
      const headers: Record<string, string> = {};
      if (persona) headers['authorization'] = `Bearer ${await token(persona)}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${url}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // Non-JSON answers are returned as text.
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await issuer.close();
      await store.close();
    },
  };
}
