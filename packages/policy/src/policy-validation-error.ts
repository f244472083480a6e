import type { PolicyIssue } from './validate-policy.js';

/** Thrown by compilePolicies; lists every problem of every policy, not just the first. */
export class PolicyValidationError extends Error {
  readonly issues: readonly PolicyIssue[];

  constructor(issues: readonly PolicyIssue[]) {
    const lines = issues.map(
      (issue) =>
        `${issue.policyId || '(no id)'}${issue.path ? ` ${issue.path}` : ''}: ${issue.message}`,
    );
    super(`Invalid policies (${issues.length} problems):\n${lines.join('\n')}`);
    this.name = 'PolicyValidationError';
    this.issues = issues;
  }
}
