import { createHash } from 'node:crypto';
import type { GatewaySnapshot } from './snapshot-schema.js';

export interface SerializedSnapshot {
  /** The document served to gateways. */
  readonly json: string;
  /** Strong ETag over everything but `generatedAt`. */
  readonly etag: string;
}

/**
 * Serializes a snapshot and derives its ETag in one pass. `generatedAt` is left out of the hash
 * so a rebuild that changes nothing keeps the ETag and every gateway keeps getting 304s. The
 * hash is over the serialized content rather than a canonical form: the registry builds
 * snapshots deterministically (sorted servers, versions, scopes, policies, agents; definitions
 * as stored), and canonicalizing megabytes on every rebuild cost more than the whole build. A
 * key-order change can at worst cause one spurious download, never a stale snapshot.
 */
export function serializeSnapshot(snapshot: GatewaySnapshot): SerializedSnapshot {
  const { generatedAt, ...content } = snapshot;
  const contentJson = JSON.stringify(content);
  const digest = createHash('sha256').update(contentJson).digest('hex');
  const json =
    contentJson === '{}'
      ? `{"generatedAt":${JSON.stringify(generatedAt)}}`
      : `{"generatedAt":${JSON.stringify(generatedAt)},${contentJson.slice(1)}`;
  return { json, etag: `"sha256-${digest}"` };
}

/** The ETag of `serializeSnapshot`. */
export function snapshotEtag(snapshot: GatewaySnapshot): string {
  return serializeSnapshot(snapshot).etag;
}
