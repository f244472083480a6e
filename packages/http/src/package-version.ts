import { readFileSync } from 'node:fs';

/**
 * The `version` of a package.json, read once at startup by a composition root (e.g.
 * `readPackageVersion(new URL('../package.json', import.meta.url))`). Falls back to '0.0.0' so
 * a missing or odd manifest never stops a service from starting.
 */
export function readPackageVersion(packageJsonUrl: URL): string {
  try {
    const manifest = JSON.parse(readFileSync(packageJsonUrl, 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
