import { connectKeycloakAdmin, type KeycloakAdmin } from '@mcpgw/auth/dist/provisioning/index.js';
import { connectMongo, type MongoConnection } from '@mcpgw/mongo';
import { loadSeed, type Seed } from './seed-files.js';
import type { SetupContext } from './setup-context.js';

/** Connections and files shared by the steps, opened on first use and closed at the end. */
export interface RunState {
  admin(): Promise<KeycloakAdmin>;
  mongo(): Promise<MongoConnection>;
  seed(): Promise<Seed>;
  close(): Promise<void>;
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= make());
}

export function createRunState(ctx: SetupContext): RunState {
  let mongoOpened = false;
  const admin = once(async () => {
    const credentials = await ctx.keycloakAdmin();
    return connectKeycloakAdmin({ url: ctx.keycloakUrl, realm: ctx.realm, ...credentials });
  });
  const mongo = once(async () => {
    mongoOpened = true;
    return connectMongo(await ctx.mongo());
  });
  return {
    admin,
    mongo,
    seed: once(() => loadSeed(ctx.seedDir)),
    async close() {
      if (mongoOpened) await (await mongo().catch(() => undefined))?.close();
    },
  };
}
