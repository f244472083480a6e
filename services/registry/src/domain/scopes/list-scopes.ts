import { appError } from '@mcpgw/errors';
import type { Scope } from '../model/scope.js';
import type { Page } from '../ports/document-store.js';
import type { RegistryContext } from '../registry-context.js';

/** Scopes ordered by name, keyset-paginated. */
export function listScopes(
  ctx: RegistryContext,
  request: { limit: number; cursor?: string | undefined },
): Promise<Page<Scope>> {
  return ctx.store.collection<Scope>('scopes').page(
    {},
    {
      limit: request.limit,
      ...(request.cursor === undefined ? {} : { cursor: request.cursor }),
    },
  );
}

/** Throws VALIDATION_FAILED naming every scope that is not in the catalog. */
export async function assertScopesExist(
  ctx: RegistryContext,
  scopes: readonly string[],
  field: string,
): Promise<void> {
  const wanted = [...new Set(scopes)];
  if (wanted.length === 0) return;
  const found = await ctx.store
    .collection<Scope>('scopes')
    .find({ id: { in: wanted } }, { limit: wanted.length });
  const known = new Set(found.map((scope) => scope.id));
  const unknown = wanted.filter((scope) => !known.has(scope));
  if (unknown.length > 0) {
    throw appError('VALIDATION_FAILED', `Unknown scopes: ${unknown.join(', ')}.`, {
      details: {
        issues: unknown.map((scope) => ({ path: field, message: `unknown scope ${scope}` })),
      },
    });
  }
}
