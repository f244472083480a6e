import { createHash } from 'node:crypto';
import { appError } from '@mcpgw/errors';

/** Keyset position in the (at desc, id desc) order, bound to the query it was issued for. */
export interface AuditPosition {
  readonly at: string;
  readonly id: string;
}

export function queryFingerprint(query: unknown): string {
  return createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 16);
}

export function encodeAuditCursor(position: AuditPosition, fingerprint: string): string {
  return Buffer.from(JSON.stringify([position.at, position.id, fingerprint])).toString('base64url');
}

export function decodeAuditCursor(cursor: string, fingerprint: string): AuditPosition {
  const invalid = () =>
    appError('VALIDATION_FAILED', 'The cursor is invalid or was issued for another query.');
  if (cursor.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [at, id, bound] = parsed as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string' || bound !== fingerprint) throw invalid();
  return { at, id };
}
