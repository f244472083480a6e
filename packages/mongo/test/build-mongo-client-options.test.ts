import { describe, expect, it } from 'vitest';
import { AppError } from '@mcpgw/errors';
import { buildMongoClientOptions } from '@mcpgw/mongo';

const local = { uri: 'mongodb://127.0.0.1:27017', dbName: 'registry' };

function configError(run: () => unknown): AppError {
  try {
    run();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('buildMongoClientOptions', () => {
  it('when only uri and dbName are given, then applies the defaults and disables retryWrites', () => {
    expect(buildMongoClientOptions(local)).toEqual({
      retryWrites: false,
      connectTimeoutMS: 5000,
      serverSelectionTimeoutMS: 5000,
      socketTimeoutMS: 30000,
      maxPoolSize: 20,
    });
  });

  it('when TLS, CA file, timeouts, pool size and app name are set, then passes each through', () => {
    const options = buildMongoClientOptions({
      uri: 'mongodb://app:pw@cluster.cluster-abc.eu-west-1.docdb.amazonaws.com:27017',
      dbName: 'registry',
      tls: true,
      tlsCaFile: '/etc/ssl/rds/global-bundle.pem',
      connectTimeoutMs: 1000,
      serverSelectionTimeoutMs: 2000,
      socketTimeoutMs: 3000,
      maxPoolSize: 7,
      appName: 'mcpgw-registry',
    });
    expect(options).toEqual({
      retryWrites: false,
      tls: true,
      tlsCAFile: '/etc/ssl/rds/global-bundle.pem',
      connectTimeoutMS: 1000,
      serverSelectionTimeoutMS: 2000,
      socketTimeoutMS: 3000,
      maxPoolSize: 7,
      appName: 'mcpgw-registry',
    });
  });

  it('when the URI says retryWrites=true, then the options still force retryWrites false', () => {
    const options = buildMongoClientOptions({ ...local, uri: `${local.uri}/?retryWrites=true` });
    expect(options.retryWrites).toBe(false);
  });

  it('when the scheme is not mongodb, then throws CONFIG_INVALID', () => {
    const err = configError(() => buildMongoClientOptions({ ...local, uri: 'http://db:27017' }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.details).toEqual({ problems: ['uri must start with mongodb:// or mongodb+srv://'] });
  });

  it('when a DocumentDB host is used without TLS, then throws CONFIG_INVALID without the password', () => {
    const uri = 'mongodb://app:topsecret@docs.cluster-xyz.us-east-1.docdb.amazonaws.com:27017';
    const err = configError(() => buildMongoClientOptions({ uri, dbName: 'registry' }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toContain('DocumentDB requires TLS');
    expect(err.message).toContain('app:****@docs.cluster-xyz');
    expect(err.message).not.toContain('topsecret');
  });

  it('when a DocumentDB host enables TLS in the URI, then accepts it', () => {
    const uri = 'mongodb://h.cluster-xyz.us-east-1.docdb.amazonaws.com:27017/?tls=true';
    expect(buildMongoClientOptions({ uri, dbName: 'registry' }).retryWrites).toBe(false);
  });

  it('when several settings are wrong, then lists every problem at once', () => {
    const err = configError(() =>
      buildMongoClientOptions({
        uri: 'mongodb://127.0.0.1',
        dbName: 'bad.name',
        connectTimeoutMs: 0,
        socketTimeoutMs: 1.5,
        maxPoolSize: -1,
        tlsCaFile: '/ca.pem',
      }),
    );
    expect(err.details?.problems).toHaveLength(5);
  });
});
