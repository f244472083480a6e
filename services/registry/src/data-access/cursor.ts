import { appError } from '@mcpgw/errors';
import type { Scalar, SortSpec } from '../domain/ports/document-store.js';

/** Keyset position: the sort value and id of the last item of a page. Same format for both adapters. */
export interface CursorPosition {
  readonly field: string;
  readonly direction: 1 | -1;
  readonly value: Scalar | undefined;
  readonly id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(
    JSON.stringify([position.field, position.direction, position.value ?? null, position.id]),
  ).toString('base64url');
}

/** Rejects cursors that are malformed or were issued for another sort. */
export function decodeCursor(cursor: string, sort: SortSpec): CursorPosition {
  const invalid = () =>
    appError('VALIDATION_FAILED', 'The cursor is invalid or was issued for another query.');
  if (cursor.length > 2048 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) throw invalid();
  const [field, direction, value, id] = parsed as unknown[];
  if (field !== sort.field || direction !== sort.direction || typeof id !== 'string')
    throw invalid();
  if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) throw invalid();
  return { field: sort.field, direction: sort.direction, value: value as Scalar, id };
}

export const DEFAULT_SORT: SortSpec = { field: 'id', direction: 1 };
