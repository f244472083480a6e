import { AppError } from '@mcpgw/errors';
import { extractBearerToken } from '@mcpgw/identity';
import { describe, expect, it } from 'vitest';

function failure(header: string | undefined): AppError {
  try {
    extractBearerToken(header);
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected extractBearerToken to throw');
}

describe('extractBearerToken', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer abc.def.ghi', 'abc.def.ghi'],
    ['BEARER abc.def.ghi', 'abc.def.ghi'],
    ['Bearer   abc.def-_~+/==', 'abc.def-_~+/=='],
    ['  Bearer abc  ', 'abc'],
  ])('when the header is %j, then returns the token', (header, token) => {
    expect(extractBearerToken(header)).toBe(token);
  });

  it.each([undefined, '', '   '])(
    'when the header is %j, then throws UNAUTHENTICATED (missing)',
    (header) => {
      const error = failure(header);

      expect(error).toBeInstanceOf(AppError);
      expect([error.code, error.status, error.details]).toEqual([
        'UNAUTHENTICATED',
        401,
        { reason: 'missing' },
      ]);
    },
  );

  it.each([
    'Basic dXNlcjpwYXNz',
    'Bearer',
    'Bearer ',
    'Bearerabc',
    'Bearer abc def',
    'Bearer abc,def',
    'Token abc',
    'DPoP abc',
  ])('when the header is %j, then throws UNAUTHENTICATED without echoing it', (header) => {
    const error = failure(header);

    expect([error.code, error.status, error.details]).toEqual([
      'UNAUTHENTICATED',
      401,
      { reason: 'not_bearer' },
    ]);
    // The same message for every input proves nothing of the header is echoed back.
    expect(error.message).toBe(failure('Basic secret-password').message);
  });
});
