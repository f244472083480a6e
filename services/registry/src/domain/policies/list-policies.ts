import type { PolicyRecord } from '../model/policy-record.js';
import type { Page } from '../ports/document-store.js';
import type { RegistryContext } from '../registry-context.js';

/** Policies ordered by id, keyset-paginated. */
export function listPolicies(
  ctx: RegistryContext,
  request: { limit: number; cursor?: string | undefined },
): Promise<Page<PolicyRecord>> {
  return ctx.store.collection<PolicyRecord>('policies').page(
    {},
    {
      limit: request.limit,
      ...(request.cursor === undefined ? {} : { cursor: request.cursor }),
    },
  );
}
