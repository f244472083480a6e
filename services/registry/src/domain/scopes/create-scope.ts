import { appError, isAppError } from '@mcpgw/errors';
import type { Actor } from '../model/actor.js';
import type { Scope } from '../model/scope.js';
import type { RegistryContext } from '../registry-context.js';

export interface CreateScopeInput {
  readonly id: string;
  readonly description: string;
}

/** Adds a scope to the catalog; reviewers can then require it on tools and admins grant it. */
export async function createScope(
  ctx: RegistryContext,
  actor: Actor,
  input: CreateScopeInput,
): Promise<Scope> {
  const now = ctx.clock.now().toISOString();
  let stored: Scope;
  try {
    stored = await ctx.store.collection<Scope>('scopes').insert({
      id: input.id,
      description: input.description,
      createdBy: actor.subject,
      createdAt: now,
      updatedAt: now,
    });
  } catch (error) {
    if (isAppError(error) && error.code === 'CONFLICT') {
      throw appError('CONFLICT', `The scope ${input.id} already exists.`);
    }
    throw error;
  }
  await ctx.audit.record({
    action: 'scope.create',
    actor,
    target: { id: input.id },
    outcome: 'success',
  });
  ctx.changes.notify('scopes');
  return stored;
}
