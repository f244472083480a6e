import { MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { isDuplicateKey } from '../../../src/data-access/mongo/mongo-errors.js';

const serverError = (code: number, message: string) => new MongoServerError({ code, message });

describe('isDuplicateKey', () => {
  it('when the server sends E11000, then it is a duplicate key', () => {
    expect(isDuplicateKey(serverError(11000, 'E11000 duplicate key error'))).toBe(true);
  });

  it("when FerretDB reports its backend's unique violation as InternalError, then it is a duplicate key", () => {
    const sqlite = 'UpdateAll: constraint failed: UNIQUE constraint failed: index x (2067)';
    const postgres = 'ERROR: duplicate key value violates unique constraint "x" (SQLSTATE 23505)';
    expect(isDuplicateKey(serverError(1, sqlite))).toBe(true);
    expect(isDuplicateKey(serverError(1, postgres))).toBe(true);
  });

  it('when the error is anything else, then it is not a duplicate key', () => {
    expect(isDuplicateKey(serverError(1, 'disk full'))).toBe(false);
    expect(isDuplicateKey(serverError(2, 'UNIQUE constraint failed'))).toBe(false);
    expect(isDuplicateKey(new Error('E11000'))).toBe(false);
  });
});
