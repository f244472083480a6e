import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));

// Tests run against the TypeScript sources of the workspace packages, so a test run never
// depends on a previous `tsc -b`.
const alias = Object.fromEntries(
  readdirSync(path.join(root, 'packages'))
    .filter((name) => existsSync(path.join(root, 'packages', name, 'src', 'index.ts')))
    .map((name) => [`@mcpgw/${name}`, path.join(root, 'packages', name, 'src', 'index.ts')]),
);

const shared = { resolve: { alias } };

export default defineConfig({
  ...shared,
  test: {
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          include: [
            '{packages,services,scripts}/*/test/**/*.test.ts',
            'scripts/*/test/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', '**/*.int.test.ts'],
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          include: [
            '{packages,services,scripts}/*/test/**/*.int.test.ts',
            'scripts/*/test/**/*.int.test.ts',
          ],
          exclude: ['**/node_modules/**'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Integration suites share the real components; keep them from stepping on each other
          // on a 2-core machine.
          fileParallelism: false,
        },
      },
    ],
  },
});
