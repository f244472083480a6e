import { createRunState } from './run-state.js';
import type { SetupContext } from './setup-context.js';
import type { Step } from './step.js';
import type { StepName } from './step-names.js';
import {
  adminUserStep,
  clientScopesStep,
  clientsStep,
  groupsStep,
  realmStep,
} from './steps/keycloak-steps.js';
import { appSecretsStep } from './steps/app-secrets-step.js';
import { healthStep } from './steps/health-step.js';
import { smokeStep } from './steps/smoke-step.js';
import { indexesStep, seedStep } from './steps/store-steps.js';
import type { StepResult } from './summary.js';

export const STEPS: readonly Step[] = [
  realmStep,
  clientScopesStep,
  clientsStep,
  appSecretsStep,
  groupsStep,
  adminUserStep,
  indexesStep,
  seedStep,
  healthStep,
  smokeStep,
];

/** Error text safe to print: the message only (secrets never enter messages). */
function reason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0]?.slice(0, 300) ?? 'failed';
}

/** Runs the selected steps in order, one progress line each; a failure does not stop the rest. */
export async function runSetup(
  ctx: SetupContext,
  selected: readonly StepName[],
): Promise<StepResult[]> {
  const state = createRunState(ctx);
  const steps = STEPS.filter((step) => selected.includes(step.name));
  const results: StepResult[] = [];
  try {
    for (const [index, step] of steps.entries()) {
      const started = Date.now();
      ctx.log(`[${index + 1}/${steps.length}] ${step.name}: ${step.title}…`);
      let result: StepResult;
      try {
        const outcome = await step.run(ctx, state);
        const ms = Date.now() - started;
        result =
          outcome.status === 'skip'
            ? { step: step.name, status: 'skip', detail: outcome.reason, ms }
            : {
                step: step.name,
                status: 'pass',
                change: outcome.change,
                detail:
                  outcome.note === undefined
                    ? outcome.change
                    : `${outcome.change}; ${outcome.note}`,
                ms,
              };
      } catch (err) {
        result = { step: step.name, status: 'fail', detail: reason(err), ms: Date.now() - started };
      }
      ctx.log(`      ${result.status.toUpperCase()} ${result.detail}`);
      results.push(result);
    }
  } finally {
    await state.close();
  }
  return results;
}
