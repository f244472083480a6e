import { appError } from '@mcpgw/errors';
import { explain, type Action, type Explanation, type PolicyPrincipal } from '@mcpgw/policy';
import type { Agent } from '../model/agent.js';
import type { RegistryContext } from '../registry-context.js';
import { resolveExplainTarget } from './explain-target.js';
import { compileWith } from './policy-set.js';

export type ExplainPrincipal =
  | {
      readonly subject: string;
      readonly clientId?: string | undefined;
      readonly groups: readonly string[];
      readonly scopes: readonly string[];
      readonly userId?: string | undefined;
    }
  | { readonly agentId: string };

export interface ExplainInput {
  readonly principal: ExplainPrincipal;
  readonly action: Action;
  readonly target: { readonly server: string; readonly name: string };
  readonly environment: string;
  readonly arguments?: Record<string, unknown> | undefined;
  /** ISO time to decide at (time windows); default now. */
  readonly at?: string | undefined;
}

export interface ExplainResult {
  readonly decision: Explanation['effect'];
  readonly reasons: string[];
  readonly matchedPolicies: string[];
  readonly missingScopes: string[];
  readonly trace: Pick<Explanation, 'scopes' | 'policies' | 'steps'>;
}

/** An agent as the gateway would see it calling with its client-credentials token. */
async function toPrincipal(
  ctx: RegistryContext,
  principal: ExplainPrincipal,
): Promise<PolicyPrincipal> {
  if (!('agentId' in principal)) {
    return {
      subject: principal.subject,
      groups: principal.groups,
      scopes: principal.scopes,
      ...(principal.clientId === undefined ? {} : { clientId: principal.clientId }),
      ...(principal.userId === undefined ? {} : { userId: principal.userId }),
    };
  }
  const agent = await ctx.store.collection<Agent>('agents').get(principal.agentId);
  if (!agent) throw appError('NOT_FOUND', `The agent ${principal.agentId} does not exist.`);
  return { subject: agent.id, clientId: agent.id, groups: [], scopes: agent.grantedScopes };
}

/** "Why may P (not) do A on T": the gateway's decision with every policy's reasoning. */
export async function explainPolicy(
  ctx: RegistryContext,
  input: ExplainInput,
): Promise<ExplainResult> {
  const principal = await toPrincipal(ctx, input.principal);
  const target = await resolveExplainTarget(ctx, input.action, input.target);
  const set = await compileWith(ctx);
  const result = explain(set, principal, input.action, target, {
    environment: input.environment,
    now: input.at === undefined ? ctx.clock.now() : new Date(input.at),
    ...(input.arguments === undefined ? {} : { arguments: input.arguments }),
  });
  return {
    decision: result.effect,
    reasons: result.reasons,
    matchedPolicies: result.matchedPolicies,
    missingScopes: result.missingScopes,
    trace: { scopes: result.scopes, policies: result.policies, steps: result.steps },
  };
}
