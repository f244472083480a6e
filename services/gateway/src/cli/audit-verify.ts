import { parseArgs } from 'node:util';
import { connectMongo } from '@mcpgw/mongo';
import { readAuditEvents, type AuditReadFilter } from '../data-access/mongo-audit-reader.js';
import { createChainVerifier, type ChainResult } from '../domain/audit/verify-audit-chain.js';

const USAGE =
  'usage: audit-verify --mongo-uri <uri> --db <name> [--instance <id>] [--since <ISO-8601>]\n' +
  '  (MONGO_URI and MONGO_DB are read when the flags are absent)';

interface Args {
  uri: string;
  dbName: string;
  filter: AuditReadFilter;
}

function parse(argv: readonly string[]): Args | string {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'mongo-uri': { type: 'string' },
      db: { type: 'string' },
      instance: { type: 'string' },
      since: { type: 'string' },
    },
  });
  const uri = values['mongo-uri'] ?? process.env.MONGO_URI;
  const dbName = values.db ?? process.env.MONGO_DB;
  if (uri === undefined || uri === '' || dbName === undefined || dbName === '') return USAGE;
  if (values.since !== undefined && Number.isNaN(Date.parse(values.since))) {
    return `--since must be an ISO-8601 time, got ${values.since}`;
  }
  const since = values.since === undefined ? undefined : new Date(values.since).toISOString();
  return {
    uri,
    dbName,
    filter: {
      ...(values.instance === undefined ? {} : { instance: values.instance }),
      ...(since === undefined ? {} : { since }),
    },
  };
}

/** Verifies every instance's chain from the database; resolves with the process exit code. */
export async function auditVerify(
  argv: readonly string[],
  print: (line: string) => void,
): Promise<number> {
  let args: Args | string;
  try {
    args = parse(argv);
  } catch (err) {
    args = `${err instanceof Error ? err.message : String(err)}\n${USAGE}`;
  }
  if (typeof args === 'string') {
    print(args);
    return 2;
  }
  const connection = await connectMongo({ uri: args.uri, dbName: args.dbName });
  try {
    const results = await verifyFromDb(connection.db, args.filter);
    for (const result of results) {
      print(result.ok ? `instance ${result.instance}: ok ${result.count} events` : result.message);
    }
    if (results.length === 0) print('no audit events matched');
    return results.every((result) => result.ok) ? 0 : 1;
  } finally {
    await connection.close();
  }
}

async function verifyFromDb(
  db: Parameters<typeof readAuditEvents>[0],
  filter: AuditReadFilter,
): Promise<ChainResult[]> {
  const results: ChainResult[] = [];
  let current: ReturnType<typeof createChainVerifier> | undefined;
  let currentInstance: string | undefined;
  const options = { partial: filter.since !== undefined };
  for await (const record of readAuditEvents(db, filter)) {
    if (record.instance !== currentInstance) {
      if (current !== undefined) results.push(current.result());
      currentInstance = record.instance;
      current = createChainVerifier(record.instance, options);
    }
    current?.add(record);
  }
  if (current !== undefined) results.push(current.result());
  return results;
}

const invokedDirectly = process.argv[1]?.endsWith('audit-verify.js') === true;
if (invokedDirectly) {
  auditVerify(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(
        `audit-verify failed: ${err instanceof Error ? err.message : String(err)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
