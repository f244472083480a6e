import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCursorCodec, listDigest } from '../../src/domain/mcp/pagination/list-cursor.js';

const binding = {
  list: 'tools',
  viewer: 'tools\u0000\u0001\u0000agent-a\u0000subject',
  digest: listDigest(['a', 'b', 'c']),
};

describe('createCursorCodec', () => {
  const codec = createCursorCodec(randomBytes(32));

  it('when a cursor is opened with the binding it was minted for, then it yields its offset', () => {
    expect(codec.open(codec.mint(binding, 500), binding)).toEqual({ ok: true, offset: 500 });
  });

  it('when the viewer, the list or the key differ, then the signature does not verify', () => {
    const cursor = codec.mint(binding, 2);
    expect(codec.open(cursor, { ...binding, viewer: 'someone else' })).toEqual({
      ok: false,
      problem: 'signature',
    });
    expect(codec.open(cursor, { ...binding, list: 'prompts' })).toEqual({
      ok: false,
      problem: 'signature',
    });
    expect(createCursorCodec(randomBytes(32)).open(cursor, binding)).toEqual({
      ok: false,
      problem: 'signature',
    });
  });

  it('when the list changed since, then the cursor is stale, not forged', () => {
    const cursor = codec.mint(binding, 2);
    expect(codec.open(cursor, { ...binding, digest: listDigest(['a', 'c']) })).toEqual({
      ok: false,
      problem: 'stale',
    });
  });

  it('when any part of the cursor is altered, then it is refused', () => {
    const cursor = codec.mint(binding, 2);
    const [version, offset, digest, mac] = cursor.split('.') as [string, string, string, string];
    const altered = [
      [version, '3', digest, mac],
      [version, offset, listDigest(['x']), mac],
      [version, offset, digest, `${mac.slice(0, -2)}AA`],
      ['2', offset, digest, mac],
    ].map((parts) => parts.join('.'));
    for (const candidate of altered) expect(codec.open(candidate, binding).ok).toBe(false);
    expect(codec.open(`${cursor} `, binding)).toEqual({ ok: false, problem: 'malformed' });
    expect(codec.open('', binding)).toEqual({ ok: false, problem: 'malformed' });
  });
});

describe('listDigest', () => {
  it('when the items or their order differ, then the digest differs', () => {
    expect(listDigest(['a', 'b'])).toBe(listDigest(['a', 'b']));
    expect(listDigest(['a', 'b'])).not.toBe(listDigest(['b', 'a']));
    expect(listDigest(['ab'])).not.toBe(listDigest(['a', 'b']));
  });
});
