import { MongoBulkWriteError, MongoServerError } from 'mongodb';

/** E11000: a duplicate `_id` or a unique index violation. */
export const DUPLICATE_KEY = 11000;

// FerretDB v1 reports a unique index violated by an update as InternalError (code 1) carrying
// its backend's message (SQLite or PostgreSQL) instead of E11000; DocumentDB sends 11000.
const FERRETDB_UNIQUE_VIOLATION =
  /UNIQUE constraint failed|duplicate key value violates unique constraint|SQLSTATE 23505/;

export function isDuplicateKey(err: unknown): boolean {
  if (!(err instanceof MongoServerError)) return false;
  if (err.code === DUPLICATE_KEY) return true;
  return err.code === 1 && FERRETDB_UNIQUE_VIOLATION.test(err.message);
}

/**
 * The positions of the documents an unordered insertMany refused as duplicates, or undefined
 * when the failure is anything else (that must surface, not be reported as "duplicates").
 */
export function duplicatePositions(err: unknown): number[] | undefined {
  if (!(err instanceof MongoBulkWriteError)) return undefined;
  const writeErrors = Array.isArray(err.writeErrors) ? err.writeErrors : [err.writeErrors];
  if (writeErrors.length === 0 || err.writeConcernError) return undefined;
  if (!writeErrors.every((writeError) => writeError.code === DUPLICATE_KEY)) return undefined;
  return writeErrors.map((writeError) => writeError.index);
}
