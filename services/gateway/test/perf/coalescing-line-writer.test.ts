import { describe, expect, it } from 'vitest';
import { createAuditEmitter } from '../../src/domain/audit/audit-emitter.js';
import { createCoalescingLineWriter } from '../../src/domain/audit/coalescing-line-writer.js';
import { verifyAuditChain } from '../../src/domain/audit/verify-audit-chain.js';
import { callInput, fakeClock, recordingLogger, switchableSink } from '../audit/support.js';

function setup(maxPendingChars?: number) {
  const chunks: string[] = [];
  const writer = createCoalescingLineWriter({
    write: (chunk) => chunks.push(chunk),
    ...(maxPendingChars === undefined ? {} : { maxPendingChars }),
  });
  return { chunks, writer };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('createCoalescingLineWriter', () => {
  it('when several lines are written in one turn, then they reach the stream as one write by the next turn', async () => {
    const { chunks, writer } = setup();

    writer.writeLine('{"seq":1}');
    writer.writeLine('{"seq":2}');
    writer.writeLine('{"seq":3}');
    const beforeTurn = chunks.length;
    await nextTurn();

    expect(beforeTurn).toBe(0);
    expect(chunks).toEqual(['{"seq":1}\n{"seq":2}\n{"seq":3}\n']);
  });

  it('when lines arrive in later turns, then each turn is written promptly and in order', async () => {
    const { chunks, writer } = setup();

    writer.writeLine('a');
    await nextTurn();
    writer.writeLine('b');
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(chunks).toEqual(['a\n', 'b\n']);
  });

  it('when the pending lines reach the size cap, then they are written at once and the buffer stays bounded', () => {
    const { chunks, writer } = setup(20);

    for (let i = 0; i < 10; i += 1) writer.writeLine(`line-${i}`);

    expect(chunks.join('')).toBe(Array.from({ length: 9 }, (_, i) => `line-${i}\n`).join(''));
    expect(writer.pending()).toBeLessThan(20);
    writer.flush();
    expect(chunks.join('').split('\n').filter(Boolean)).toHaveLength(10);
  });

  it('when flushed on close, then nothing pending is lost and a later scheduled flush writes nothing twice', async () => {
    const { chunks, writer } = setup();
    writer.writeLine('x');
    writer.writeLine('y');

    writer.flush();
    await nextTurn();

    expect(chunks).toEqual(['x\ny\n']);
    expect(writer.pending()).toBe(0);
  });

  it('when it carries an audit emitter, then stdout holds one parseable line per event and the chain verifies', async () => {
    const { chunks, writer } = setup();
    const emitter = createAuditEmitter({
      instance: 'gw-perf',
      clock: fakeClock(),
      sink: switchableSink(),
      logger: recordingLogger(),
      stdout: writer.writeLine,
    });

    for (let i = 0; i < 50; i += 1) emitter.emit(callInput(i));
    await nextTurn();
    const events = chunks
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { seq: number });

    expect(chunks).toHaveLength(1);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(verifyAuditChain(events as never)).toEqual([
      { instance: 'gw-perf', ok: true, count: 50 },
    ]);
  });
});
