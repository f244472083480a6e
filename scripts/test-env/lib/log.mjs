// Progress output: one line per step, prefixed so it stands out in CI logs.
import { existsSync, readFileSync } from 'node:fs';

export function say(component, message) {
  process.stdout.write(`[test-env] ${component ? `${component}: ` : ''}${message}\n`);
}

export function tail(file, lines = 30) {
  if (!existsSync(file)) return `(no log at ${file})`;
  const all = readFileSync(file, 'utf8').split('\n');
  return all.slice(-lines - 1).join('\n');
}

/** An error that names the component and the log to read. */
export class ComponentError extends Error {
  constructor(component, message, log) {
    super(message);
    this.component = component;
    this.log = log;
  }
}

export function seconds(since) {
  return `${Math.round((Date.now() - since) / 1000)}s`;
}
