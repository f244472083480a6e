/**
 * The registry's storage port (ADR 0003). Two adapters implement it — MongoDB wire protocol
 * (DocumentDB in production, FerretDB in tests) and in-memory — and one contract suite runs
 * against both. It deliberately offers only what DocumentDB and FerretDB v1 both do well:
 * single-document writes with optimistic concurrency, equality/range/in filters, one sort key,
 * keyset pagination. No transactions, change streams or `$text`.
 */

/** Every stored document has a string id (Mongo `_id`) and a revision for optimistic concurrency. */
export interface StoredDocument {
  readonly id: string;
  /** Starts at 1 on insert; every successful update increments it. */
  readonly rev: number;
}

export const COLLECTION_NAMES = [
  'servers',
  'server_versions',
  'scopes',
  'policies',
  'agents',
  'approvals',
  'audit_events',
  'health',
] as const;
export type CollectionName = (typeof COLLECTION_NAMES)[number];

export type Scalar = string | number | boolean | null;

/**
 * A filter on one field (dotted paths reach into nested objects).
 * - a scalar: equality; when the stored field is an array, "contains" (MongoDB semantics).
 * - `{ in: [...] }`: equality with any (array fields: contains any).
 * - `{ gte, gt, lte, lt }`: range on numbers or ISO-8601 strings (compared as strings).
 * - `{ exists: boolean }`: the field is present (not undefined) or absent.
 * All conditions of a Filter must hold (AND).
 */
export type FieldCondition =
  | Scalar
  | { readonly in: readonly Scalar[] }
  | {
      readonly gte?: string | number;
      readonly gt?: string | number;
      readonly lte?: string | number;
      readonly lt?: string | number;
    }
  | { readonly exists: boolean };
export type Filter = Readonly<Record<string, FieldCondition>>;

export interface SortSpec {
  /** A top-level scalar field; ties are broken by `id` in the same direction. */
  readonly field: string;
  readonly direction: 1 | -1;
}

export interface PageRequest {
  /** 1..500. */
  readonly limit: number;
  /** Opaque cursor from a previous page; bound to the same filter and sort by the caller. */
  readonly cursor?: string;
  readonly sort?: SortSpec;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Present when more items may follow. */
  readonly nextCursor?: string;
}

export interface IndexDefinition {
  readonly collection: CollectionName;
  readonly name: string;
  readonly keys: Readonly<Record<string, 1 | -1>>;
  readonly unique?: boolean;
}

export interface DocumentCollection<T extends StoredDocument> {
  /** Stores a new document with `rev: 1`. A duplicate id → AppError CONFLICT. */
  insert(doc: Omit<T, 'rev'>): Promise<T>;
  /** Stores many new documents (audit batches); duplicates of existing ids are skipped and reported. */
  insertMany(docs: readonly Omit<T, 'rev'>[]): Promise<{ inserted: number; duplicates: string[] }>;
  get(id: string): Promise<T | undefined>;
  /** All matches, sorted (default by id ascending), at most `limit` (default 10 000). */
  find(filter?: Filter, options?: { sort?: SortSpec; limit?: number }): Promise<T[]>;
  /**
   * Like find, for bulk readers that never modify what they read (snapshot, search index):
   * results may be shared with the store and are frozen where the adapter can, so reading a
   * large catalog costs no copies. Never mutate them.
   */
  scan(filter?: Filter, options?: { sort?: SortSpec; limit?: number }): Promise<readonly T[]>;
  /** Keyset pagination. A malformed or foreign cursor → AppError VALIDATION_FAILED. */
  page(filter: Filter, request: PageRequest): Promise<Page<T>>;
  count(filter?: Filter): Promise<number>;
  /**
   * Replaces the document if its stored rev equals `expectedRev`; returns it with rev + 1.
   * Missing → AppError NOT_FOUND; rev mismatch → AppError VERSION_CONFLICT.
   */
  replace(doc: T, expectedRev: number): Promise<T>;
  /** Same rules as replace. */
  delete(id: string, expectedRev: number): Promise<void>;
}

export interface DocumentStore {
  collection<T extends StoredDocument>(name: CollectionName): DocumentCollection<T>;
  /** Creates the indexes (idempotent); called at start. */
  ensureIndexes(indexes: readonly IndexDefinition[]): Promise<void>;
  /** For /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
