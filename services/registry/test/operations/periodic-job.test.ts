import { describe, expect, it } from 'vitest';
import { createPeriodicJob } from '../../src/domain/drift/periodic-job.js';

function recordingLogger() {
  const errors: string[] = [];
  const logger = {
    info: () => undefined,
    warn: () => undefined,
    error: (m: string) => errors.push(m),
  };
  return { logger, errors };
}

describe('createPeriodicJob', () => {
  it('when runOnce is called while a run is in progress, then it joins that run instead of overlapping', async () => {
    const { logger } = recordingLogger();
    let release: () => void = () => undefined;
    let runs = 0;
    const job = createPeriodicJob({
      name: 'test job',
      intervalMs: 60_000,
      logger,
      run: () => {
        runs += 1;
        return new Promise<void>((resolve) => (release = resolve));
      },
    });

    const first = job.runOnce();
    const second = job.runOnce();
    release();
    await Promise.all([first, second]);

    expect(runs).toBe(1);
  });

  it('when a run fails, then runOnce resolves and the failure is logged', async () => {
    const { logger, errors } = recordingLogger();
    const job = createPeriodicJob({
      name: 'test job',
      intervalMs: 60_000,
      logger,
      run: () => Promise.reject(new Error('store down')),
    });

    await expect(job.runOnce()).resolves.toBeUndefined();

    expect(errors).toEqual(['test job run failed']);
  });

  it('when stopped after start, then no further run is scheduled', async () => {
    const { logger } = recordingLogger();
    let runs = 0;
    const job = createPeriodicJob({
      name: 'test job',
      intervalMs: 5,
      logger,
      run: async () => {
        runs += 1;
      },
    });

    job.start();
    await job.stop();
    await new Promise((resolve) => setTimeout(resolve, 30));

    expect(runs).toBe(0);
  });
});
