import type { Change } from '@mcpgw/auth/dist/provisioning/index.js';
import type { RunState } from './run-state.js';
import type { SetupContext } from './setup-context.js';
import type { StepName } from './step-names.js';

export type StepOutcome =
  | { readonly status: 'pass'; readonly change: Change; readonly note?: string }
  | { readonly status: 'skip'; readonly reason: string };

export interface Step {
  readonly name: StepName;
  readonly title: string;
  run(ctx: SetupContext, state: RunState): Promise<StepOutcome>;
}

export function passed(change: Change, note?: string): StepOutcome {
  return note === undefined ? { status: 'pass', change } : { status: 'pass', change, note };
}
