import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readBounded } from '../../src/data-access/upstream/read-bounded.js';
import { UpstreamFailure } from '../../src/domain/routing/upstream-port.js';

describe('readBounded', () => {
  it('when the body is larger than the cap, then reading stops one chunk past the cap with too_large', async () => {
    const chunk = Buffer.alloc(16 * 1024, 'A');
    let produced = 0;
    // 64 MiB on offer; a reader that buffered it all would pull every chunk.
    const body = new Readable({
      highWaterMark: chunk.byteLength,
      read() {
        if (produced >= 64 * 1024 * 1024) return void this.push(null);
        produced += chunk.byteLength;
        this.push(chunk);
      },
    });
    const error = await readBounded(body, 64 * 1024).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamFailure);
    expect((error as UpstreamFailure).reason).toBe('too_large');
    expect(produced).toBeLessThanOrEqual(64 * 1024 + 3 * chunk.byteLength);
    expect(body.destroyed).toBe(true);
  });
});
