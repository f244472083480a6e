import { describe, expect, it } from 'vitest';
import { AppError, appError, toAppError } from '@mcpgw/errors';

describe('toAppError', () => {
  it('when given an AppError, then returns it unchanged', () => {
    const original = appError('NOT_FOUND');

    expect(toAppError(original)).toBe(original);
  });

  it('when given a non-error value, then wraps it as INTERNAL with the value as cause', () => {
    const result = toAppError('plain string');

    expect(result).toBeInstanceOf(AppError);
    expect(result).toMatchObject({ code: 'INTERNAL', status: 500, cause: 'plain string' });
  });

  it('when given an http-errors style 404, then maps it to NOT_FOUND', () => {
    const err = Object.assign(new Error('Not Found'), { status: 404, expose: true });

    expect(toAppError(err)).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('when given a body-parser request.aborted error, then maps it to VALIDATION_FAILED', () => {
    const err = Object.assign(new Error('request aborted'), {
      status: 400,
      type: 'request.aborted',
    });

    expect(toAppError(err)).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { reason: 'request.aborted' },
    });
  });

  it('when given an error with a 5xx status, then treats it as INTERNAL', () => {
    const err = Object.assign(new Error('bad gateway'), { statusCode: 503 });

    expect(toAppError(err)).toMatchObject({ code: 'INTERNAL', status: 500 });
  });
});
