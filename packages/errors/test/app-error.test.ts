import { describe, expect, it } from 'vitest';
import {
  AppError,
  appError,
  ERROR_CATALOGUE,
  ERROR_KINDS,
  HTTP_STATUS_BY_KIND,
} from '@mcpgw/errors';

describe('appError', () => {
  it('when built from the catalogue, then carries the code, kind and status', () => {
    const err = appError('NOT_FOUND', 'Server "crm" was not found.');
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('NOT_FOUND');
    expect(err.kind).toBe('not_found');
    expect(err.status).toBe(404);
    expect(err.message).toBe('Server "crm" was not found.');
  });

  it('when no message is given, then uses the catalogue message', () => {
    expect(appError('RATE_LIMITED').message).toBe(ERROR_CATALOGUE.RATE_LIMITED.message);
  });
});

describe('HTTP_STATUS_BY_KIND', () => {
  it('when any kind is looked up, then maps to a 4xx or 5xx status', () => {
    for (const kind of ERROR_KINDS) {
      const status = HTTP_STATUS_BY_KIND[kind];
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
  });

  it('when codes are listed, then every code is SCREAMING_SNAKE', () => {
    for (const code of Object.keys(ERROR_CATALOGUE)) expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });
});
