import type {
  CheckStatus,
  PolicyContext,
  PolicyPrincipal,
  PolicyTarget,
} from './decision-types.js';
import type { Action } from './policy-types.js';

/** Everything a compiled check may look at for one decision. */
export interface EvalInput {
  principal: PolicyPrincipal;
  action: Action;
  target: PolicyTarget;
  context: PolicyContext;
}

/**
 * One compiled condition. `evaluate` is the hot path and returns a status only; `detail`
 * builds the explanation text and runs only for explain().
 */
export interface Check {
  name: string;
  evaluate(input: EvalInput): CheckStatus;
  detail(input: EvalInput): string;
}
