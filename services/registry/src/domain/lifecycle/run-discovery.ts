import type { Actor } from '../model/actor.js';
import type { ServerVersion } from '../model/server-version.js';
import type { VersionDiscovery } from '../ports/version-discovery.js';
import type { RegistryContext } from '../registry-context.js';

/** Short, single-line error text: the raw error may be long or carry upstream noise. */
function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').slice(0, 500);
}

/**
 * Runs discovery after submit. A failure never undoes the submit: the version stays
 * `submitted` with `discovery.ok = false` and the error, and approval stays blocked.
 */
export async function runDiscovery(
  ctx: RegistryContext,
  actor: Actor,
  version: ServerVersion,
  discovery: VersionDiscovery,
): Promise<ServerVersion> {
  try {
    return await discovery.discover(version.id, actor);
  } catch (error) {
    ctx.logger.warn('discovery failed', { versionId: version.id, error: describe(error) });
    const versions = ctx.store.collection<ServerVersion>('server_versions');
    const current = (await versions.get(version.id)) ?? version;
    const at = ctx.clock.now().toISOString();
    return versions.replace(
      { ...current, discovery: { at, ok: false, error: describe(error) }, updatedAt: at },
      current.rev,
    );
  }
}
