import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { loadTestEnv } from '@mcpgw/testing';

describe('PostgreSQL (test environment)', () => {
  let client: pg.Client;

  beforeAll(async () => {
    const env = loadTestEnv();
    client = new pg.Client({ ...env.postgres, connectionTimeoutMillis: 5000 });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
  });

  it('when asked for its version, then reports PostgreSQL 15', async () => {
    const { rows } = await client.query<{ version: string }>('select version()');

    expect(rows[0]?.version).toContain('PostgreSQL 15');
  });

  it('when rows are inserted into a temp table, then they are read back in order', async () => {
    await client.query(
      'create temp table audit_smoke (id serial primary key, action text not null)',
    );
    await client.query('insert into audit_smoke (action) values ($1), ($2)', ['create', 'delete']);

    const { rows } = await client.query<{ id: number; action: string }>(
      'select id, action from audit_smoke order by id',
    );

    expect(rows).toEqual([
      { id: 1, action: 'create' },
      { id: 2, action: 'delete' },
    ]);
  });
});
