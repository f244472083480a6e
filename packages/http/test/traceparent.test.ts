import { describe, expect, it } from 'vitest';
import { parseTraceparent } from '@mcpgw/http';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';

describe('parseTraceparent', () => {
  it('when the header is a valid version 00 traceparent, then returns its trace and span ids', () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-01`)).toEqual({ traceId: TRACE, spanId: SPAN });
  });

  it('when a future version appends fields, then still returns the ids', () => {
    expect(parseTraceparent(`cc-${TRACE}-${SPAN}-01-extra`)).toEqual({
      traceId: TRACE,
      spanId: SPAN,
    });
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['upper-case hex', `00-${TRACE.toUpperCase()}-${SPAN}-01`],
    ['all-zero trace id', `00-${'0'.repeat(32)}-${SPAN}-01`],
    ['all-zero span id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['forbidden version ff', `ff-${TRACE}-${SPAN}-01`],
    ['version 00 with extra fields', `00-${TRACE}-${SPAN}-01-extra`],
    ['short trace id', `00-${TRACE.slice(1)}-${SPAN}-01`],
    ['injection attempt', `00-${TRACE}-${SPAN}-01\n{"admin":true}`],
    ['oversized', `cc-${TRACE}-${SPAN}-01-${'a'.repeat(600)}`],
  ])('when the header is %s, then returns undefined', (_label, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });
});
