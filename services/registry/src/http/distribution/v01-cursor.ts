import { appError } from '@mcpgw/errors';
import { SLUG_PATTERN } from '../../domain/servers/catalog-patterns.js';

/**
 * Opaque keyset cursor for /v0.1/servers: the last server id of the page. Opaque so clients do
 * not build their own; validated so a forged cursor is a 400, not a scan from a strange key.
 */
export function encodeCursor(serverId: string): string {
  return Buffer.from(`s:${serverId}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = text.startsWith('s:') ? text.slice(2) : '';
  if (!SLUG_PATTERN.test(id)) {
    throw appError('VALIDATION_FAILED', 'Invalid cursor.', { details: { field: 'cursor' } });
  }
  return id;
}
