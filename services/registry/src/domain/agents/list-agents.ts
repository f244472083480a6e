import type { Agent } from '../model/agent.js';
import type { Page } from '../ports/document-store.js';
import type { RegistryContext } from '../registry-context.js';

export interface ListAgentsQuery {
  readonly team?: string | undefined;
  readonly status?: Agent['status'] | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** Agents ordered by id, optionally filtered by team and status. */
export function listAgents(ctx: RegistryContext, query: ListAgentsQuery): Promise<Page<Agent>> {
  return ctx.store.collection<Agent>('agents').page(
    {
      ...(query.team === undefined ? {} : { team: query.team }),
      ...(query.status === undefined ? {} : { status: query.status }),
    },
    { limit: query.limit, ...(query.cursor === undefined ? {} : { cursor: query.cursor }) },
  );
}
