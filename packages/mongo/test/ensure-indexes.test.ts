import type { Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { AppError } from '@mcpgw/errors';
import { ensureIndexes, indexDiffers, validateIndexSpecs, type IndexSpec } from '@mcpgw/mongo';

const bySlug: IndexSpec = {
  collection: 'servers',
  name: 'by_slug',
  keys: { slug: 1 },
  unique: true,
};

describe('validateIndexSpecs', () => {
  it('when specs are plain, unique, sparse or TTL indexes, then reports nothing', () => {
    const specs: IndexSpec[] = [
      bySlug,
      { collection: 'audit_events', name: 'by_time', keys: { at: -1, id: 1 } },
      { collection: 'approvals', name: 'ttl', keys: { expiresAt: 1 }, expireAfterSeconds: 0 },
      { collection: 'agents', name: 'by_client', keys: { clientId: 1 }, sparse: true },
    ];
    expect(validateIndexSpecs(specs)).toEqual([]);
  });

  it('when a spec asks for a partial filter, then refuses it by name', () => {
    const spec = { ...bySlug, partialFilterExpression: { slug: { $exists: true } } };
    expect(validateIndexSpecs([spec as IndexSpec])).toEqual([
      'servers.by_slug: unsupported option "partialFilterExpression"',
    ]);
  });

  it('when keys are empty, text, or duplicated names occur, then lists every problem', () => {
    const specs = [
      { collection: 'a', name: 'x', keys: {} },
      { collection: 'a', name: 'y', keys: { body: 'text' } },
      { collection: 'a', name: 'x', keys: { k: 1 }, expireAfterSeconds: -5 },
    ] as unknown as IndexSpec[];
    expect(validateIndexSpecs(specs)).toEqual([
      'a.x: keys must name at least one field',
      'a.y: key "body" must be 1 or -1 (text and hashed are unsupported)',
      'a.x: declared twice',
      'a.x: expireAfterSeconds must be a non-negative integer',
    ]);
  });
});

describe('ensureIndexes', () => {
  it('when a spec is invalid, then rejects CONFIG_INVALID without touching the database', async () => {
    let touched = false;
    const db = new Proxy({}, { get: () => (touched = true) }) as unknown as Db;
    const spec = { ...bySlug, partialFilterExpression: {} } as IndexSpec;
    const err = await ensureIndexes(db, [spec]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('CONFIG_INVALID');
    expect(touched).toBe(false);
  });
});

describe('indexDiffers', () => {
  it('when the stored index matches the spec, then reports no difference', () => {
    expect(indexDiffers(bySlug, { name: 'by_slug', key: { slug: 1 }, unique: true })).toEqual([]);
  });

  it('when keys, direction, uniqueness or TTL differ, then names each difference', () => {
    const stored = { name: 'by_slug', key: { slug: -1 }, sparse: true, expireAfterSeconds: 60 };
    expect(indexDiffers(bySlug, stored)).toEqual([
      'keys',
      'unique',
      'sparse',
      'expireAfterSeconds',
    ]);
  });
});
