import { createHash } from 'node:crypto';
import { canonicalJson } from '@mcpgw/definitions';

/** SHA-256 of the canonical arguments: correlates calls in audit without storing the values. */
export function argumentDigest(args: Record<string, unknown>): string {
  return `sha256:${createHash('sha256').update(canonicalJson(args)).digest('hex')}`;
}
