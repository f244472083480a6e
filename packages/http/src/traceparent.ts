/** The ids a W3C `traceparent` header carries, both lower-case hex. */
export interface TraceIds {
  traceId: string;
  spanId: string;
}

// version-traceid-parentid-flags; later versions may append fields after a dash.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ALL_ZERO = /^0+$/;

/**
 * Parses a W3C Trace Context `traceparent` header. Anything malformed yields undefined: a bad
 * header from a client must never break the request, it only loses the correlation.
 */
export function parseTraceparent(header: string | undefined): TraceIds | undefined {
  if (header === undefined || header.length > 512) return undefined;
  const match = TRACEPARENT.exec(header.trim());
  if (match === null) return undefined;
  const [, version, traceId, spanId, , rest] = match;
  if (version === undefined || traceId === undefined || spanId === undefined) return undefined;
  // 'ff' is forbidden by the spec; version 00 defines exactly four fields.
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (ALL_ZERO.test(traceId) || ALL_ZERO.test(spanId)) return undefined;
  return { traceId, spanId };
}
