import { describe, expect, it } from 'vitest';
import { auditVerify } from '../../src/cli/audit-verify.js';

async function run(args: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await auditVerify(args, (line) => lines.push(line));
  return { code, lines };
}

describe('auditVerify', () => {
  it('when the database is not named, then prints usage and exits 2 without connecting', async () => {
    const result = await run(['--mongo-uri', 'mongodb://127.0.0.1:1/']);

    expect(result.code).toBe(2);
    expect(result.lines[0]).toMatch(/^usage: audit-verify --mongo-uri/);
  });

  it('when --since is not a time, then says so and exits 2', async () => {
    const result = await run(['--mongo-uri', 'mongodb://x/', '--db', 'd', '--since', 'yesterday']);

    expect(result).toEqual({ code: 2, lines: ['--since must be an ISO-8601 time, got yesterday'] });
  });

  it('when an unknown flag is given, then prints the problem with usage and exits 2', async () => {
    const result = await run(['--mongo-uri', 'mongodb://x/', '--db', 'd', '--drop']);

    expect(result.code).toBe(2);
    expect(result.lines[0]).toMatch(/Unknown option '--drop'/);
  });
});
