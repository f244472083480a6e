import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** What a cursor is bound to besides its offset; all of it goes into the signature. */
export interface CursorBinding {
  /** The list (`tools`, `resources`, `resourceTemplates`, `prompts`). */
  list: string;
  /** Everything visibility reads from the request: principal, agent, endpoint (listCacheKey). */
  viewer: string;
  /** Digest of the list the cursor was cut from (see listDigest). */
  digest: string;
}

export type CursorProblem = 'malformed' | 'signature' | 'stale';

export type CursorCheck = { ok: true; offset: number } | { ok: false; problem: CursorProblem };

export interface CursorCodec {
  mint(binding: CursorBinding, offset: number): string;
  /** Verifies the signature for this viewer and list, then that the list is still the same. */
  open(cursor: string, binding: CursorBinding): CursorCheck;
}

const VERSION = '1';
const MAC_BYTES = 16;
const DIGEST_BYTES = 12;
// `1.<offset base 36>.<digest>.<mac>`: the digest travels so a stale cursor can be told apart
// from a forged one; the viewer never does (the signature covers it).
const SHAPE = /^1\.([0-9a-z]{1,9})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})$/;
const MAX_CURSOR_LENGTH = 64;

/**
 * Opaque list cursors: `offset` signed with HMAC-SHA256 over the list, the viewer and the list's
 * digest. A cursor from another principal, endpoint or list fails the signature; one from a list
 * that has since changed (new snapshot, policy, withheld tool) is stale.
 */
export function createCursorCodec(key: Uint8Array): CursorCodec {
  const sign = (binding: CursorBinding, offset: string, digest: string): Buffer =>
    createHmac('sha256', key)
      .update(
        `${VERSION}\u0000${binding.list}\u0000${binding.viewer}\u0000${offset}\u0000${digest}`,
      )
      .digest()
      .subarray(0, MAC_BYTES);
  return {
    mint(binding, offset) {
      const at = offset.toString(36);
      const mac = sign(binding, at, binding.digest).toString('base64url');
      return `${VERSION}.${at}.${binding.digest}.${mac}`;
    },
    open(cursor, binding) {
      const parts = cursor.length <= MAX_CURSOR_LENGTH ? SHAPE.exec(cursor) : null;
      if (parts === null) return { ok: false, problem: 'malformed' };
      const [, at, digest, mac] = parts as unknown as [string, string, string, string];
      const given = Buffer.from(mac, 'base64url');
      const expected = sign(binding, at, digest);
      if (given.length !== expected.length || !timingSafeEqual(given, expected))
        return { ok: false, problem: 'signature' };
      if (digest !== binding.digest) return { ok: false, problem: 'stale' };
      const offset = Number.parseInt(at, 36);
      return offset > 0 ? { ok: true, offset } : { ok: false, problem: 'malformed' };
    },
  };
}

/**
 * Digest of a list's identities in order (names, URIs, URI templates): equal digests mean the
 * same items at the same offsets, so a page boundary still falls where it did.
 */
export function listDigest(identities: Iterable<string>): string {
  const hash = createHash('sha256');
  for (const identity of identities) hash.update(identity).update('\u0000');
  return hash.digest().subarray(0, DIGEST_BYTES).toString('base64url');
}
