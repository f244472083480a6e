import { z } from 'zod';

const url = z.url({ protocol: /^https?$/ });

/** The outputs of `infra/envs/<env>` post-deploy setup needs (others are ignored). */
export const OutputsSchema = z.object({
  registry_url: url.describe('Public base URL of registry, auth and gateway.'),
  keycloak_url: url.describe('Public base URL of Keycloak.'),
  keycloak_admin_secret_arn: z
    .string()
    .min(1)
    .describe('Secret {username,password} of the Keycloak bootstrap admin.'),
  documentdb_endpoint: z.string().min(1).describe('DocumentDB cluster endpoint.'),
  documentdb_port: z.number().int().positive().default(27017),
  documentdb_secret_arn: z.string().min(1).describe('Secret {username,password} of DocumentDB.'),
  aws_region: z.string().min(1),
  app_secret_arns: z.record(z.string(), z.string()).default({}),
});
export type TerraformOutputs = z.infer<typeof OutputsSchema>;

export type OutputsResult =
  | { readonly ok: true; readonly outputs: TerraformOutputs }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Validates `terraform output -json` (each output is `{ value, type, sensitive }`); lists every
 * missing or invalid output by name. Values never appear in the messages.
 */
export function parseTerraformOutputs(json: unknown): OutputsResult {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    return { ok: false, problems: ['terraform output -json did not return an object'] };
  }
  const values: Record<string, unknown> = {};
  for (const [name, output] of Object.entries(json)) {
    values[name] =
      output !== null && typeof output === 'object' && 'value' in output ? output.value : undefined;
  }
  const result = OutputsSchema.safeParse(values);
  if (result.success) return { ok: true, outputs: result.data };
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    return values[String(issue.path[0])] === undefined
      ? `${name}: missing`
      : `${name}: invalid (${issue.message})`;
  });
  return { ok: false, problems: [...new Set(problems)] };
}
