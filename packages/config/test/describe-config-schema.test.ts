import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeConfigSchema, env } from '@mcpgw/config';

describe('describeConfigSchema', () => {
  it('when given a service schema, then lists each key with type, requiredness, default and secrecy', () => {
    const schema = z.object({
      REGISTRY_PORT: env.port(8080).describe('HTTP port.'),
      REGISTRY_MONGO_URI: env.secret(z.string()).describe('Mongo connection string.'),
      REGISTRY_API_KEY: env.secret(z.string().default('dev-key')).describe('Shared key.'),
      REGISTRY_ORIGINS: env.list().default(['https://a', 'https://b']).describe('CORS origins.'),
      REGISTRY_SYNC: env.bool(true).optional().describe('Sync scopes.'),
      REGISTRY_MODE: z.enum(['dev', 'prod']).default('prod').describe('Mode.'),
      REGISTRY_LOG_LEVEL: env.logLevel().describe('Level.'),
      REGISTRY_NAME: z.string().optional().describe('Display name.'),
    });

    const docs = describeConfigSchema(schema);

    expect(docs).toEqual([
      {
        key: 'REGISTRY_PORT',
        type: 'port',
        required: false,
        default: '8080',
        description: 'HTTP port.',
        secret: false,
      },
      {
        key: 'REGISTRY_MONGO_URI',
        type: 'string',
        required: true,
        description: 'Mongo connection string.',
        secret: true,
      },
      {
        key: 'REGISTRY_API_KEY',
        type: 'string',
        required: false,
        description: 'Shared key.',
        secret: true,
      },
      {
        key: 'REGISTRY_ORIGINS',
        type: 'list (comma-separated)',
        required: false,
        default: 'https://a,https://b',
        description: 'CORS origins.',
        secret: false,
      },
      {
        key: 'REGISTRY_SYNC',
        type: 'boolean',
        required: false,
        default: 'true',
        description: 'Sync scopes.',
        secret: false,
      },
      {
        key: 'REGISTRY_MODE',
        type: 'dev | prod',
        required: false,
        default: 'prod',
        description: 'Mode.',
        secret: false,
      },
      {
        key: 'REGISTRY_LOG_LEVEL',
        type: 'error | warn | info | debug',
        required: false,
        default: 'info',
        description: 'Level.',
        secret: false,
      },
      {
        key: 'REGISTRY_NAME',
        type: 'string',
        required: false,
        description: 'Display name.',
        secret: false,
      },
    ]);
  });

  it('when a key has no description, then its description is empty so callers can flag it', () => {
    const docs = describeConfigSchema(z.object({ X: env.int(1) }));

    expect(docs[0]).toMatchObject({ key: 'X', type: 'integer', description: '' });
  });
});
