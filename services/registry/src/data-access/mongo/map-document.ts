import type { StoredDocument } from '../../domain/ports/document-store.js';
import { escapeFieldName, unescapeFieldName } from './field-names.js';

/** A document as the collection holds it: the port's `id` lives in `_id`. */
export type MongoRow = { _id: string } & Record<string, unknown>;

// The driver writes `undefined` as null unless told otherwise, which would make `exists: false`
// disagree with the memory adapter; dropping it here does not depend on client options. Field
// names the wire protocol refuses are escaped on the way (see field-names.ts).
function toStored(value: unknown): unknown {
  if (Array.isArray(value))
    return value.map((item) => (item === undefined ? null : toStored(item)));
  if (value === null || typeof value !== 'object') return value;
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) defineField(copy, escapeFieldName(key), toStored(item));
  }
  return copy;
}

function fromStored(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromStored);
  if (value === null || typeof value !== 'object') return value;
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    defineField(copy, unescapeFieldName(key), fromStored(item));
  }
  return copy;
}

/** defineProperty keeps a field named "__proto__" an ordinary property. */
function defineField(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Port document → stored row with the given rev. A stray `_id` or `rev` in the input is ignored. */
export function toRow(doc: { id: string } & object, rev: number): MongoRow {
  const { id, _id: _ignoredId, rev: _ignoredRev, ...rest } = doc as Record<string, unknown>;
  return { _id: id as string, ...(toStored(rest) as Record<string, unknown>), rev };
}

/** Stored row → port document; `_id` never leaves the adapter. */
export function fromRow<T extends StoredDocument>(row: Record<string, unknown>): T {
  const { _id, ...rest } = row;
  return { id: _id, ...(fromStored(rest) as Record<string, unknown>) } as unknown as T;
}
