import { randomUUID } from 'node:crypto';
import type { Actor } from '../model/actor.js';
import type { Approval } from '../model/approval.js';
import type { RegistryContext } from '../registry-context.js';

export interface CreateApprovalInput {
  readonly agentId: string;
  readonly subject: string;
  readonly userId?: string | undefined;
  readonly serverId: string;
  readonly tool: string;
  readonly environment: string;
  readonly argumentsDigest: string;
  readonly arguments?: Record<string, unknown> | undefined;
  readonly reasons: readonly string[];
  readonly ttlSeconds: number;
}

/** The gateway holds a call (`require_approval`) and asks for a human decision. */
export async function createApproval(
  ctx: RegistryContext,
  actor: Actor,
  input: CreateApprovalInput,
): Promise<Approval> {
  const now = ctx.clock.now();
  const stored = await ctx.store.collection<Approval>('approvals').insert({
    // Unguessable: the id is all the gateway holds while it polls.
    id: randomUUID(),
    status: 'pending',
    requester: {
      agentId: input.agentId,
      subject: input.subject,
      ...(input.userId === undefined ? {} : { userId: input.userId }),
    },
    serverId: input.serverId,
    tool: input.tool,
    environment: input.environment,
    argumentsDigest: input.argumentsDigest,
    ...(input.arguments === undefined ? {} : { arguments: input.arguments }),
    reasons: [...input.reasons],
    requestedBy: actor.subject,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + input.ttlSeconds * 1000).toISOString(),
  });
  await ctx.audit.record({
    action: 'approval.create',
    actor,
    target: { serverId: input.serverId, tool: input.tool, id: stored.id },
    decision: 'require_approval',
    reasons: [...input.reasons],
    outcome: 'held',
    details: { agentId: input.agentId, subject: input.subject, expiresAt: stored.expiresAt },
  });
  ctx.changes.notify('approvals');
  return stored;
}
