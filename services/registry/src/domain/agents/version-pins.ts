import { appError } from '@mcpgw/errors';
import type { ServerVersion } from '../model/server-version.js';
import type { RegistryContext } from '../registry-context.js';

/** Every pin must name an existing server version; all unknown pins are listed at once. */
export async function assertPinsExist(
  ctx: RegistryContext,
  pins: Readonly<Record<string, string>>,
): Promise<void> {
  const ids = Object.entries(pins).map(([serverId, version]) => `${serverId}@${version}`);
  if (ids.length === 0) return;
  const found = await ctx.store
    .collection<ServerVersion>('server_versions')
    .find({ id: { in: ids } }, { limit: ids.length });
  const known = new Set(found.map((v) => v.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw appError('VALIDATION_FAILED', `Unknown pinned versions: ${unknown.join(', ')}.`, {
      details: {
        issues: unknown.map((id) => ({ path: 'body.versionPins', message: `no version ${id}` })),
      },
    });
  }
}
