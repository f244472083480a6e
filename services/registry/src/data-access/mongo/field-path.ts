import { appError } from '@mcpgw/errors';

// Each segment an identifier: no `$` (operator injection), no empty segment, nothing that
// MongoDB would read as a positional or array-index path.
const SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/**
 * The MongoDB path for a port field path: `id` is stored as `_id`. Paths reach the driver as
 * object keys, so anything but plain identifiers is refused with VALIDATION_FAILED rather than
 * being allowed to smuggle in an operator.
 */
export function mongoPath(path: string): string {
  const segments = path.split('.');
  if (path.length > 256 || !segments.every((segment) => SEGMENT.test(segment))) {
    throw appError('VALIDATION_FAILED', 'A filter or sort field name is invalid.', {
      details: { field: path.slice(0, 64) },
    });
  }
  return path === 'id' ? '_id' : path;
}
