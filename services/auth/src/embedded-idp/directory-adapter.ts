import type { Adapter, AdapterConstructor, AdapterFactory, AdapterPayload } from 'oidc-provider';

function readOnly(): never {
  throw new Error('embedded clients are changed through provisioning, not the provider');
}

/**
 * Storage for the provider whose `Client` model reads from the client directory, so a client
 * created, rotated or disabled by provisioning is what the very next token request sees
 * (oidc-provider caches a client by a hash of its metadata, so changed metadata is never
 * served stale). Every other model goes to `base`. Dynamic registration is off: nothing
 * writes clients through the provider.
 */
export function withDirectoryClients(
  base: AdapterConstructor,
  findClient: (id: string) => AdapterPayload | undefined,
): AdapterFactory {
  const clients: Adapter = {
    find: async (id) => findClient(id),
    upsert: async () => readOnly(),
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
    consume: async () => readOnly(),
    destroy: async () => readOnly(),
    revokeByGrantId: async () => undefined,
  };
  return (model) => (model === 'Client' ? clients : new base(model));
}
