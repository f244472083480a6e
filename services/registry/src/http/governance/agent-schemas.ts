import { z } from 'zod';
import { findSecretKeys, SECRETS_LIVE_IN_KEYCLOAK } from '../../domain/agents/secret-keys.js';
import { ENVIRONMENTS } from '../../domain/model/lifecycle.js';
import { revSchema, textSchema, warningSchema } from './common-schemas.js';
import { scopeIdSchema } from './scope-routes.js';

export const agentIdSchema = z
  .string()
  .regex(
    /^[a-zA-Z0-9][a-zA-Z0-9._-]{2,63}$/,
    'must be a Keycloak client id (3-64 of a-z A-Z 0-9 . _ -)',
  );

const serverSlug = z.string().regex(/^[a-z][a-z0-9-]{1,47}$/, 'must be a server slug');
const versionString = z.string().regex(/^[0-9A-Za-z.+-]{1,64}$/, 'must be a version');

const agentFields = {
  owner: z.string().min(1).max(200),
  team: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a team slug'),
  description: textSchema(2000),
  environments: z.array(z.enum(ENVIRONMENTS)).max(ENVIRONMENTS.length),
  grantedScopes: z.array(scopeIdSchema).max(200),
  versionPins: z.record(serverSlug, versionString).refine((p) => Object.keys(p).length <= 200, {
    message: 'at most 200 pins',
  }),
};

/**
 * Refuses secret-looking keys before the shape check, so the caller learns *why* (the secret
 * belongs in Keycloak) instead of a generic "unrecognized key".
 */
function refuseSecrets<T extends z.ZodType>(schema: T) {
  return z.preprocess((input, ctx) => {
    for (const path of findSecretKeys(input, ['versionPins'])) {
      ctx.addIssue({ code: 'custom', message: SECRETS_LIVE_IN_KEYCLOAK, path: path.split('.') });
    }
    return input;
  }, schema);
}

export const createAgentSchema = refuseSecrets(
  z.strictObject({
    id: agentIdSchema,
    ...agentFields,
    environments: agentFields.environments.default([]),
    grantedScopes: agentFields.grantedScopes.default([]),
    versionPins: agentFields.versionPins.default({}),
    description: agentFields.description.default(''),
  }),
);

export const patchAgentSchema = refuseSecrets(
  z.strictObject({
    rev: revSchema,
    owner: agentFields.owner.optional(),
    team: agentFields.team.optional(),
    description: agentFields.description.optional(),
    environments: agentFields.environments.optional(),
    grantedScopes: agentFields.grantedScopes.optional(),
    versionPins: agentFields.versionPins.optional(),
    status: z.enum(['active', 'revoked']).optional(),
  }),
);

export const agentSchema = z.object({
  id: z.string(),
  rev: z.number(),
  owner: z.string(),
  team: z.string(),
  description: z.string(),
  environments: z.array(z.string()),
  grantedScopes: z.array(z.string()),
  versionPins: z.record(z.string(), z.string()),
  status: z.enum(['active', 'revoked']),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** Shown once, never stored: the client secret itself, or where the auth service wrote it. */
export const issuedSecretSchema = z.object({
  secret: z.string().optional(),
  secretRef: z.string().optional(),
});

export const agentWriteSchema = agentSchema.extend({
  ...issuedSecretSchema.shape,
  warning: warningSchema.optional(),
});
