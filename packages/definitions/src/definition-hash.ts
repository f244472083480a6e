import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** The pin of a tool/resource/prompt definition: 'sha256:' + hex of its canonical JSON. */
export function definitionHash(definition: unknown): string {
  const digest = createHash('sha256').update(canonicalJson(definition), 'utf8').digest('hex');
  return `sha256:${digest}`;
}
