import type { z } from 'zod';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

export interface LoadConfigOrExitOptions {
  /** Named in the header so a mixed log stream shows which service refused to start. */
  service: string;
  env?: Record<string, string | undefined>;
  stderr?: NodeJS.WritableStream;
  exit?: (code: number) => never;
}

/**
 * For `main.ts`: parse the config or print every problem and exit 1 before anything else
 * starts. Plain text on stderr, because the logger's level and service come from this config.
 */
export function loadConfigOrExit<S extends z.ZodObject>(
  schema: S,
  options: LoadConfigOrExitOptions,
): Readonly<z.infer<S>> {
  try {
    return loadConfig(schema, options.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const stderr = options.stderr ?? process.stderr;
    const exit = options.exit ?? ((code: number) => process.exit(code));
    stderr.write(formatConfigError(options.service, error));
    return exit(1);
  }
}

export function formatConfigError(service: string, error: ConfigError): string {
  const count = error.issues.length;
  const header = `${service}: invalid configuration, refusing to start (${count} problem${count === 1 ? '' : 's'}):`;
  const lines = error.issues.map((issue) => `  - ${issue.key}: ${issue.message}`);
  return `${[header, ...lines].join('\n')}\n`;
}
