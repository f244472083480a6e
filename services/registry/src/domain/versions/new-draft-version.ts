import type { Actor } from '../model/actor.js';
import type { Transport } from '../model/classification.js';
import type { ServerVersion } from '../model/server-version.js';
import { versionIdOf } from '../servers/catalog-patterns.js';

export interface VersionInput {
  readonly version: string;
  readonly url: string;
  readonly transport: Transport;
}

/** A fresh `draft` version: no definitions until discovery runs on submit. */
export function newDraftVersion(
  serverId: string,
  input: VersionInput,
  actor: Actor,
  now: string,
): Omit<ServerVersion, 'rev'> {
  return {
    id: versionIdOf(serverId, input.version),
    serverId,
    version: input.version,
    url: input.url,
    transport: input.transport,
    status: 'draft',
    approvedFor: [],
    history: [
      {
        action: 'create',
        from: null,
        to: 'draft',
        actor: actor.subject,
        reason: 'registered',
        at: now,
      },
    ],
    definitions: [],
    createdBy: actor.subject,
    createdAt: now,
    updatedAt: now,
  };
}
