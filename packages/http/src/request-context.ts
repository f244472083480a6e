import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { runWithRequestContext, type RequestContext } from '@mcpgw/logger';
import { parseTraceparent } from './traceparent.js';

export const REQUEST_ID_HEADER = 'X-Request-Id';

// Inbound ids end up in logs and response headers, so only a conservative alphabet is trusted.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a caller's request id when it is safe to reuse, otherwise mints a fresh one. */
export function chooseRequestId(inbound: string | undefined): string {
  return inbound !== undefined && SAFE_REQUEST_ID.test(inbound) ? inbound : randomUUID();
}

/**
 * Assigns the request id and trace ids, echoes the id to the caller, and runs the rest of the
 * chain inside the logger's request context so every log line of the request carries them.
 */
export function requestContextMiddleware(): RequestHandler {
  return (req, res, next) => {
    const requestId = chooseRequestId(req.get(REQUEST_ID_HEADER));
    const trace = parseTraceparent(req.get('traceparent'));
    const context: RequestContext = { requestId, ...trace };
    res.locals.requestId = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    runWithRequestContext(context, () => next());
  };
}
