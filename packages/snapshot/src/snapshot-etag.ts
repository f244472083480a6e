import { createHash } from 'node:crypto';
import { canonicalJson } from '@mcpgw/definitions';
import type { GatewaySnapshot } from './snapshot-schema.js';

/**
 * Strong ETag over the snapshot's content. `generatedAt` is left out so a rebuild that changes
 * nothing keeps the ETag, and every gateway keeps getting 304s.
 */
export function snapshotEtag(snapshot: GatewaySnapshot): string {
  const { generatedAt: _ignored, ...content } = snapshot;
  const digest = createHash('sha256').update(canonicalJson(content)).digest('hex');
  return `"sha256-${digest}"`;
}
