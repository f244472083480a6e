import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { validatePolicy, type Policy } from '@mcpgw/policy';
import { SCOPE_ID } from '@mcpgw/auth/dist/provisioning/index.js';

const ScopesFile = z.strictObject({
  teams: z.array(z.string().regex(/^[a-z][a-z0-9-]{0,40}$/)).default([]),
  scopes: z.array(
    z.strictObject({ id: z.string().regex(SCOPE_ID), description: z.string().min(1).max(500) }),
  ),
});
const PoliciesFile = z.strictObject({ policies: z.array(z.unknown()) });

export interface Seed {
  readonly teams: readonly string[];
  readonly scopes: readonly { id: string; description: string }[];
  readonly policies: readonly Policy[];
}

async function readYaml(file: string): Promise<unknown> {
  return parseYaml(await readFile(file, 'utf8'));
}

/** Reads and validates `scopes.yaml` and `policies.yaml`; throws listing every problem. */
export async function loadSeed(dir: string): Promise<Seed> {
  const scopesPath = path.join(dir, 'scopes.yaml');
  const policiesPath = path.join(dir, 'policies.yaml');
  const scopes = ScopesFile.safeParse(await readYaml(scopesPath));
  const policies = PoliciesFile.safeParse(await readYaml(policiesPath));
  const problems: string[] = [];
  if (!scopes.success) {
    problems.push(
      ...scopes.error.issues.map((i) => `${scopesPath}: ${i.path.join('.')} ${i.message}`),
    );
  }
  if (!policies.success) {
    problems.push(
      ...policies.error.issues.map((i) => `${policiesPath}: ${i.path.join('.')} ${i.message}`),
    );
  }
  const valid: Policy[] = [];
  for (const policy of policies.success ? policies.data.policies : []) {
    const result = validatePolicy(policy);
    if (result.ok) valid.push(result.policy);
    else
      problems.push(
        ...result.issues.map((i) => `${policiesPath}: ${i.policyId} ${i.path} ${i.message}`),
      );
  }
  if (problems.length > 0 || !scopes.success) {
    throw new Error(`Invalid seed files:\n  ${problems.join('\n  ')}`);
  }
  return { teams: scopes.data.teams, scopes: scopes.data.scopes, policies: valid };
}
