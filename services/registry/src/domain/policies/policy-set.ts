import { appError } from '@mcpgw/errors';
import {
  compilePolicies,
  PolicyValidationError,
  validatePolicy,
  type CompiledPolicySet,
  type Policy,
} from '@mcpgw/policy';
import type { PolicyRecord } from '../model/policy-record.js';
import type { RegistryContext } from '../registry-context.js';

/** Policies are few (hundreds at most); the whole set is compiled on every write and explain. */
const POLICY_LIMIT = 10_000;

/** Checks an untrusted policy document; every problem is listed at once in the 400. */
export function parsePolicy(input: unknown): Policy {
  const result = validatePolicy(input);
  if (result.ok) return result.policy;
  throw appError('VALIDATION_FAILED', 'The policy is invalid.', {
    details: { issues: result.issues },
  });
}

export async function storedPolicies(ctx: RegistryContext): Promise<PolicyRecord[]> {
  return ctx.store
    .collection<PolicyRecord>('policies')
    .find({}, { sort: { field: 'createdAt', direction: 1 }, limit: POLICY_LIMIT });
}

export function ruleOf(record: PolicyRecord): Policy {
  return record.rule as unknown as Policy;
}

/**
 * Compiles the stored set with `replacement` in place of (or added as) its id. A write that would
 * leave the gateway unable to compile the set is refused, so a snapshot can always be built.
 */
export async function compileWith(
  ctx: RegistryContext,
  replacement?: Policy,
): Promise<CompiledPolicySet> {
  const rules = (await storedPolicies(ctx))
    .map(ruleOf)
    .filter((rule) => rule.id !== replacement?.id);
  if (replacement) rules.push(replacement);
  try {
    return compilePolicies(rules);
  } catch (error) {
    if (error instanceof PolicyValidationError) {
      throw appError('VALIDATION_FAILED', 'The policy set would not compile.', {
        details: { issues: error.issues },
      });
    }
    throw error;
  }
}
