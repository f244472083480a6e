import { describe, expect, it } from 'vitest';
import { renderConfigDocs } from '@mcpgw/config';

describe('renderConfigDocs', () => {
  it('when given sections, then renders one table per service with secrets marked', () => {
    const markdown = renderConfigDocs([
      {
        service: 'registry',
        keys: [
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
            description: 'Mongo URI.',
            secret: true,
          },
        ],
      },
      { service: 'auth', keys: [] },
    ]);

    expect(markdown).toContain('npm run docs:config');
    expect(markdown).toContain(
      [
        '## registry',
        '',
        '| Variable | Type | Required | Default | Description |',
        '| --- | --- | --- | --- | --- |',
        '| `REGISTRY_PORT` | port | no | `8080` | HTTP port. |',
        '| `REGISTRY_MONGO_URI` | string (**secret**) | yes | — | Mongo URI. |',
      ].join('\n'),
    );
    expect(markdown).toContain('## auth\n\n_No configuration keys._');
    expect(markdown.indexOf('## registry')).toBeLessThan(markdown.indexOf('## auth'));
    expect(markdown.endsWith('\n')).toBe(true);
  });

  it('when a cell contains a pipe or newline, then the table stays intact', () => {
    const markdown = renderConfigDocs([
      {
        service: 'gateway',
        keys: [
          {
            key: 'GW_LEVEL',
            type: 'a | b',
            required: false,
            default: '',
            description: 'One\ntwo',
            secret: false,
          },
        ],
      },
    ]);

    expect(markdown).toContain('| `GW_LEVEL` | a \\| b | no | `""` | One two |');
  });

  it('when rendered twice from the same input, then the output is identical', () => {
    const sections = [{ service: 'auth', keys: [] }];

    expect(renderConfigDocs(sections)).toBe(renderConfigDocs(sections));
  });
});
