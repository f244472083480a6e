import { appError } from '@mcpgw/errors';
import type { Actor } from '../model/actor.js';
import type { PolicyRecord } from '../model/policy-record.js';
import type { RegistryContext } from '../registry-context.js';
import { compileWith, parsePolicy, ruleOf } from './policy-set.js';

function collection(ctx: RegistryContext) {
  return ctx.store.collection<PolicyRecord>('policies');
}

export async function getPolicy(ctx: RegistryContext, policyId: string): Promise<PolicyRecord> {
  const record = await collection(ctx).get(policyId);
  if (!record) throw appError('NOT_FOUND', `The policy ${policyId} does not exist.`);
  return record;
}

/** Stores a new policy after validating it and the whole set it joins. */
export async function createPolicy(
  ctx: RegistryContext,
  actor: Actor,
  input: unknown,
): Promise<PolicyRecord> {
  const policy = parsePolicy(input);
  if (await collection(ctx).get(policy.id)) {
    throw appError('CONFLICT', `The policy ${policy.id} already exists.`);
  }
  await compileWith(ctx, policy);
  const now = ctx.clock.now().toISOString();
  const stored = await collection(ctx).insert({
    id: policy.id,
    rule: { ...policy },
    createdBy: actor.subject,
    createdAt: now,
    updatedAt: now,
  });
  await ctx.audit.record({
    action: 'policy.create',
    actor,
    target: { id: policy.id },
    outcome: 'success',
    details: { effect: policy.effect },
  });
  ctx.changes.notify('policies');
  return stored;
}

/** Replaces a policy's rule; `rev` must be the one the caller read (else VERSION_CONFLICT). */
export async function updatePolicy(
  ctx: RegistryContext,
  actor: Actor,
  policyId: string,
  input: { rev: number; policy: unknown },
): Promise<PolicyRecord> {
  const policy = parsePolicy(input.policy);
  if (policy.id !== policyId) {
    throw appError('VALIDATION_FAILED', 'The policy id cannot be changed.', {
      details: { issues: [{ path: 'body.id', message: `must be ${policyId}` }] },
    });
  }
  const current = await getPolicy(ctx, policyId);
  await compileWith(ctx, policy);
  const stored = await collection(ctx).replace(
    { ...current, rule: { ...policy }, updatedAt: ctx.clock.now().toISOString() },
    input.rev,
  );
  await ctx.audit.record({
    action: 'policy.update',
    actor,
    target: { id: policyId },
    outcome: 'success',
    details: { previousEffect: ruleOf(current).effect, effect: policy.effect },
  });
  ctx.changes.notify('policies');
  return stored;
}

export async function deletePolicy(
  ctx: RegistryContext,
  actor: Actor,
  policyId: string,
): Promise<void> {
  const current = await getPolicy(ctx, policyId);
  await collection(ctx).delete(policyId, current.rev);
  await ctx.audit.record({
    action: 'policy.delete',
    actor,
    target: { id: policyId },
    outcome: 'success',
    details: { effect: ruleOf(current).effect },
  });
  ctx.changes.notify('policies');
}
