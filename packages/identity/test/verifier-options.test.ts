import { AppError } from '@mcpgw/errors';
import { createTokenVerifier, type TokenVerifierOptions } from '@mcpgw/identity';
import { describe, expect, it } from 'vitest';

const ISSUER = 'https://login.example.com/realms/agents';

function problemsOf(options: TokenVerifierOptions): string[] {
  try {
    createTokenVerifier(options);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CONFIG_INVALID');
    return (error as AppError).details?.problems as string[];
  }
  throw new Error('expected createTokenVerifier to throw');
}

describe('createTokenVerifier configuration', () => {
  it.each(['HS256', 'HS512', 'none'])('when %s is configured, then refuses to start', (alg) => {
    const problems = problemsOf({
      issuers: [{ issuer: ISSUER, audiences: ['gw'], algorithms: [alg] }],
    });

    expect(problems.join('\n')).toContain(alg);
  });

  it('when the issuer or jwksUri is plain http off loopback, then refuses to start', () => {
    const problems = problemsOf({
      issuers: [
        { issuer: 'http://login.example.com/realms/a', audiences: ['gw'] },
        { issuer: ISSUER, audiences: ['gw'], jwksUri: 'http://keys.example.com/certs' },
      ],
    });

    expect(problems).toHaveLength(2);
  });

  it('when issuers, audiences or durations are missing or invalid, then reports them all', () => {
    expect(problemsOf({ issuers: [] })).toHaveLength(1);
    const problems = problemsOf({
      issuers: [
        { issuer: ISSUER, audiences: [] },
        { issuer: ISSUER, audiences: ['gw'] },
      ],
      jwksCooldownMs: -1,
    });

    expect(problems).toHaveLength(3);
  });

  it('when the configuration is valid, then builds a verifier without any network access', () => {
    const verifier = createTokenVerifier({ issuers: [{ issuer: ISSUER, audiences: ['gw'] }] });

    expect(verifier.stats()).toMatchObject({ jwksFetches: 0, discoveryFetches: 0 });
  });
});
