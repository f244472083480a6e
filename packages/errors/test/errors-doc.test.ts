import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '@mcpgw/errors';

const doc = readFileSync(
  fileURLToPath(new URL('../../../docs/errors.md', import.meta.url)),
  'utf8',
);

describe('docs/errors.md', () => {
  it('when the catalogue has a code, then the errors document lists it with its kind', () => {
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      // Prettier pads table cells, so match the row with any spacing.
      const row = new RegExp(`\\|\\s*\`${code}\`\\s*\\|\\s*${entry.kind}\\s*\\|`);
      expect(doc, `docs/errors.md is missing ${code}`).toMatch(row);
    }
  });
});
