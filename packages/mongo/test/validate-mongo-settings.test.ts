import { describe, expect, it } from 'vitest';
import { mongoUriHosts, validateMongoSettings } from '@mcpgw/mongo';

describe('validateMongoSettings', () => {
  it.each([
    'mongodb://127.0.0.1:27017',
    'mongodb+srv://cluster.example.com/db',
    'mongodb://u:p@h1,h2:27018/db?replicaSet=rs0',
  ])('when the URI is %s, then reports no problem', (uri) => {
    expect(validateMongoSettings({ uri, dbName: 'registry' })).toEqual([]);
  });

  it.each(['', 'postgres://h/db', 'mongodb:/h', 'MONGODB://h', 'mongodb://'])(
    'when the URI is "%s", then reports it',
    (uri) => {
      expect(validateMongoSettings({ uri, dbName: 'registry' })).toHaveLength(1);
    },
  );

  it('when the elastic DocumentDB host is used without TLS, then reports it', () => {
    const uri = 'mongodb://c-abc.eu-west-1.docdb-elastic.amazonaws.com:27017';
    expect(validateMongoSettings({ uri, dbName: 'x', tls: false })[0]).toContain('TLS');
  });

  it('when ssl=true is in the URI of a DocumentDB host, then accepts it as TLS on', () => {
    const uri = 'mongodb://a.cluster-1.docdb.amazonaws.com/?ssl=true&replicaSet=rs0';
    expect(validateMongoSettings({ uri, dbName: 'x' })).toEqual([]);
  });
});

describe('mongoUriHosts', () => {
  it('when the URI has credentials, ports, IPv6 and options, then returns the bare host names', () => {
    expect(mongoUriHosts('mongodb://u:p@a.example:1,[::1]:2,b.example/db?x=1')).toEqual([
      'a.example',
      '::1',
      'b.example',
    ]);
  });
});
