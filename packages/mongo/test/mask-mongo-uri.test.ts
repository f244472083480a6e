import { describe, expect, it } from 'vitest';
import { maskMongoUri } from '@mcpgw/mongo';

describe('maskMongoUri', () => {
  it('when the URI has a user and password, then keeps the user and masks the password', () => {
    expect(maskMongoUri('mongodb://app:s3cret@db.local:27017/registry?tls=true')).toBe(
      'mongodb://app:****@db.local:27017/registry?tls=true',
    );
  });

  it('when the URI is mongodb+srv with a seed list, then masks the password only', () => {
    expect(maskMongoUri('mongodb+srv://app:p%40ss@cluster.example.com/db')).toBe(
      'mongodb+srv://app:****@cluster.example.com/db',
    );
    expect(maskMongoUri('mongodb://app:pw@h1:27017,h2:27017/db?replicaSet=rs0')).toBe(
      'mongodb://app:****@h1:27017,h2:27017/db?replicaSet=rs0',
    );
  });

  it('when the URI has no credentials or only a user, then returns it unchanged', () => {
    expect(maskMongoUri('mongodb://127.0.0.1:27017/test')).toBe('mongodb://127.0.0.1:27017/test');
    expect(maskMongoUri('mongodb://app@db.local/test')).toBe('mongodb://app@db.local/test');
  });

  it('when the password holds unescaped @ / or ?, then none of it survives', () => {
    const masked = maskMongoUri('mongodb://app:p@ss/w?rd@db.local/test');
    expect(masked).toBe('mongodb://app:****@db.local/test');
    expect(masked).not.toContain('ss/w');
  });

  it('when an AWS session token is in the options, then masks its value', () => {
    const masked = maskMongoUri(
      'mongodb://h/db?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:tok123&tls=true',
    );
    expect(masked).not.toContain('tok123');
    expect(masked).toContain('AWS_SESSION_TOKEN:****&tls=true');
  });

  it('when the string is not a URI at all, then still masks a user:password@ prefix', () => {
    expect(maskMongoUri('app:hunter2@db.local')).toBe('app:****@db.local');
  });
});
