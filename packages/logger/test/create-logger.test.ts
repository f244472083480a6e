import { describe, expect, it } from 'vitest';
import { createLogger, REDACTED, runWithRequestContext } from '@mcpgw/logger';
import { captureStream } from './capture.js';

describe('createLogger', () => {
  it('when a message is logged, then writes one JSON line with timestamp, level, service and meta', () => {
    const { stream, lines } = captureStream();
    const logger = createLogger({ service: 'registry', stream });

    logger.info('server registered', { serverId: 'crm' });

    expect(lines()).toHaveLength(1);
    const [line] = lines();
    expect(line).toMatchObject({
      level: 'info',
      service: 'registry',
      message: 'server registered',
      serverId: 'crm',
    });
    expect(new Date(String(line?.['timestamp'])).toISOString()).toBe(line?.['timestamp']);
    expect(Object.keys(line ?? {}).slice(0, 4)).toEqual([
      'timestamp',
      'level',
      'service',
      'message',
    ]);
  });

  it('when logging inside a request context, then the ids appear on the line, also after an await', async () => {
    const { stream, lines } = captureStream();
    const logger = createLogger({ service: 'gateway', stream });

    await runWithRequestContext(
      { requestId: 'req-1', traceId: 'trace-1', spanId: 'span-1' },
      async () => {
        logger.info('before');
        await new Promise((resolve) => setTimeout(resolve, 1));
        logger.child({ component: 'proxy' }).warn('after');
      },
    );
    logger.info('outside');

    const [before, after, outside] = lines();
    expect(before).toMatchObject({ requestId: 'req-1', traceId: 'trace-1', spanId: 'span-1' });
    expect(after).toMatchObject({ requestId: 'req-1', component: 'proxy', level: 'warn' });
    expect(outside).not.toHaveProperty('requestId');
  });

  it('when the context carries other values, then only the ids are copied to the line', () => {
    const { stream, lines } = captureStream();
    const logger = createLogger({ service: 'auth', stream });

    runWithRequestContext({ requestId: 'req-2', principal: { sub: 'alice' } }, () =>
      logger.info('hi'),
    );

    expect(lines()[0]).not.toHaveProperty('principal');
  });

  it('when meta holds nested secrets, then they are redacted and the caller object is untouched', () => {
    const { stream, lines } = captureStream();
    const logger = createLogger({ service: 'auth', stream });
    const meta = {
      request: {
        headers: { Authorization: 'Bearer abc.def', 'x-api-key': 'k-123', accept: 'json' },
      },
      oauth: { client_secret: 's3cr3t', refresh_token: 'rt-1', scope: 'openid' },
      note: 'upstream said Bearer zzz-top',
    };
    const before = structuredClone(meta);

    logger.info('token exchange', meta);

    const raw = JSON.stringify(lines()[0]);
    for (const secret of ['abc.def', 'k-123', 's3cr3t', 'rt-1', 'zzz-top']) {
      expect(raw).not.toContain(secret);
    }
    expect(lines()[0]).toMatchObject({
      request: { headers: { Authorization: REDACTED, 'x-api-key': REDACTED, accept: 'json' } },
      oauth: { client_secret: REDACTED, refresh_token: REDACTED, scope: 'openid' },
      note: `upstream said Bearer ${REDACTED}`,
    });
    expect(meta).toEqual(before);
  });

  it('when meta contains a cycle, then the line is still written with the cycle marked', () => {
    const { stream, lines } = captureStream();
    const logger = createLogger({ service: 'registry', stream });
    const node: Record<string, unknown> = { name: 'a' };
    node['self'] = node;

    logger.info('cyclic', { node });

    expect(lines()[0]).toMatchObject({ node: { name: 'a', self: '[Circular]' } });
  });

  it('when an error is logged as meta, then name, message, code and stack are written', () => {
    const { stream, lines } = captureStream();
    const logger = createLogger({ service: 'gateway', stream });
    const err = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

    logger.error('upstream failed', { err });

    const logged = lines()[0]?.['err'] as Record<string, unknown>;
    expect(logged).toMatchObject({
      name: 'Error',
      message: 'connect ECONNREFUSED',
      code: 'ECONNREFUSED',
    });
    expect(String(logged['stack'])).toContain('connect ECONNREFUSED');
  });

  it('when an error is logged on its own, then its message becomes the line message', () => {
    const { stream, lines } = captureStream();
    const logger = createLogger({ service: 'gateway', stream });

    runWithRequestContext({ requestId: 'req-3' }, () => logger.error(new Error('boom')));

    expect(lines()[0]).toMatchObject({
      level: 'error',
      message: 'boom',
      requestId: 'req-3',
      error: { name: 'Error', message: 'boom' },
    });
  });

  it('when the level is warn, then info lines are not written', () => {
    const { stream, lines } = captureStream();
    const logger = createLogger({ service: 'auth', level: 'warn', stream });

    logger.info('quiet');
    logger.warn('loud');

    expect(lines().map((line) => line['message'])).toEqual(['loud']);
  });

  it('when a line is below the level, then its meta is never formatted', () => {
    const { stream, lines } = captureStream();
    const logger = createLogger({ service: 'gateway', level: 'warn', stream });
    let formatted = 0;
    const meta = {
      payload: {
        toJSON() {
          formatted += 1;
          return 'value';
        },
      },
    };

    logger.info('quiet', meta);
    logger.child({ component: 'x' }).debug('quieter', meta);
    logger.warn('loud', meta);

    expect(formatted).toBe(1);
    expect(lines()).toEqual([expect.objectContaining({ message: 'loud', payload: 'value' })]);
  });

  it('when the level is lowered at runtime, then lines at the new level are written', () => {
    const { stream, lines } = captureStream();
    const logger = createLogger({ service: 'gateway', level: 'warn', stream });

    logger.info('before');
    logger.level = 'info';
    logger.info('after');

    expect(lines().map((line) => line['message'])).toEqual(['after']);
  });
});
