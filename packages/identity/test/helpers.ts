import { AppError } from '@mcpgw/errors';
import { createTokenVerifier, type TokenVerifierOptions } from '@mcpgw/identity';
import type { LocalIssuer } from '@mcpgw/testing';
import { expect } from 'vitest';

/** A verifier trusting exactly the local issuer, with its audience. */
export function verifierFor(issuer: LocalIssuer, overrides: Partial<TokenVerifierOptions> = {}) {
  return createTokenVerifier({
    issuers: [{ issuer: issuer.issuer, audiences: [issuer.audience] }],
    ...overrides,
  });
}

/** A clock the test moves by hand (epoch milliseconds). */
export function manualClock(start = Date.now()) {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
  };
}

/**
 * Awaits a rejection and checks what a caller would observe: an unauthenticated AppError with
 * the given code and reason, and no trace of the token in message or details.
 */
export async function expectRejected(
  promise: Promise<unknown>,
  token: string,
  expected: { code?: 'TOKEN_INVALID' | 'TOKEN_EXPIRED'; reason: string },
): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  const appErr = error as AppError;
  expect({ code: appErr.code, kind: appErr.kind, status: appErr.status }).toEqual({
    code: expected.code ?? 'TOKEN_INVALID',
    kind: 'unauthenticated',
    status: 401,
  });
  expect(appErr.details).toEqual({ reason: expected.reason });
  if (token.length > 0) {
    const visible = JSON.stringify({ message: appErr.message, details: appErr.details });
    expect(visible).not.toContain(token);
    const signature = token.split('.')[2];
    // Short test segments ('c2ln') could match ordinary words; real signatures cannot.
    if (signature !== undefined && signature.length >= 16) expect(visible).not.toContain(signature);
  }
  return appErr;
}
