import type { RequestHandler } from 'express';
import { appError } from './catalogue.js';

/**
 * Mounted after every route: turns "no route matched" into ROUTE_NOT_FOUND (404) so it is
 * rendered by the error middleware like every other error, not by Express's HTML default.
 */
export function notFoundHandler(): RequestHandler {
  return (req, _res, next) => {
    const path = req.originalUrl.split('?')[0] ?? '/';
    next(appError('ROUTE_NOT_FOUND', undefined, { details: { method: req.method, path } }));
  };
}
