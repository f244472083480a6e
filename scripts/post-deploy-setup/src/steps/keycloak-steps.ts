import {
  combineChanges,
  ensureAdminUser,
  ensureAudienceScope,
  ensureClientScope,
  ensureConsoleClient,
  ensureGroups,
  ensureGroupsScope,
  ensureRealm,
  ensureServiceClient,
  readClientSecret,
  GATEWAY_CLIENT_ID,
  type Change,
} from '@mcpgw/auth/dist/provisioning/index.js';
import { randomBytes } from 'node:crypto';
import type { SetupContext } from '../setup-context.js';
import { secretField } from '../secret-store.js';
import { passed, type Step } from '../step.js';

export const realmStep: Step = {
  name: 'realm',
  title: 'Keycloak realm',
  async run(ctx, state) {
    return passed(await ensureRealm(await state.admin(), { dryRun: ctx.dryRun }));
  },
};

export const clientScopesStep: Step = {
  name: 'client-scopes',
  title: 'client scopes, audience and groups mappers',
  async run(ctx, state) {
    const admin = await state.admin();
    const options = { dryRun: ctx.dryRun };
    const changes: Change[] = [
      await ensureAudienceScope(admin, ctx.gatewayAudience, options),
      await ensureGroupsScope(admin, options),
    ];
    for (const scope of (await state.seed()).scopes) {
      changes.push(await ensureClientScope(admin, scope, ctx.gatewayAudience, options));
    }
    return passed(combineChanges(changes));
  },
};

async function ensureGatewayCredentials(
  ctx: SetupContext,
  admin: Parameters<typeof readClientSecret>[0],
): Promise<Change> {
  const secretId = ctx.gatewayCredentialsSecretId;
  if (secretId === undefined || ctx.dryRun) return 'unchanged';
  const clientSecret = await readClientSecret(admin, GATEWAY_CLIENT_ID);
  const current = await ctx.secrets.get(secretId);
  if (current !== undefined && secretField(current, 'clientSecret') === clientSecret)
    return 'unchanged';
  const value = JSON.stringify({ clientId: GATEWAY_CLIENT_ID, clientSecret });
  await ctx.secrets.put(secretId, value, ctx.createGatewayCredentialsSecret);
  return 'updated';
}

export const clientsStep: Step = {
  name: 'clients',
  title: 'clients mcp-console and mcp-gateway',
  async run(ctx, state) {
    const admin = await state.admin();
    const options = { dryRun: ctx.dryRun };
    const changes: Change[] = [
      await ensureConsoleClient(admin, { registryUrl: ctx.registryUrl }, options),
      await ensureServiceClient(
        admin,
        {
          clientId: GATEWAY_CLIENT_ID,
          description: 'The gateway pulling the registry snapshot (service client).',
          scopes: ['registry.snapshot.read'],
        },
        options,
      ),
      await ensureGatewayCredentials(ctx, admin),
    ];
    const note =
      ctx.gatewayCredentialsSecretId === undefined
        ? 'mcp-gateway credentials not written (no secret in outputs)'
        : `mcp-gateway credentials in ${ctx.gatewayCredentialsSecretId}`;
    return passed(combineChanges(changes), note);
  },
};

export const groupsStep: Step = {
  name: 'groups',
  title: 'groups',
  async run(ctx, state) {
    const seed = await state.seed();
    return passed(await ensureGroups(await state.admin(), seed.teams, { dryRun: ctx.dryRun }));
  },
};

async function initialPassword(ctx: SetupContext, secretId: string): Promise<string> {
  const raw = await ctx.secrets.get(secretId);
  const password = raw === undefined ? undefined : secretField(raw, 'password');
  if (password !== undefined) return password;
  if (!ctx.adminUser.createSecretIfMissing) {
    throw new Error(`Secret ${secretId} has no password; set {"password":"…"} in it first.`);
  }
  const generated = randomBytes(18).toString('base64url');
  const value = JSON.stringify({ username: ctx.adminUser.username, password: generated });
  await ctx.secrets.put(secretId, value, true);
  return generated;
}

export const adminUserStep: Step = {
  name: 'admin-user',
  title: 'administrator in platform-admins',
  async run(ctx, state) {
    const secretId = ctx.adminUser.passwordSecretId;
    if (secretId === undefined) {
      throw new Error(
        'No secret for the initial admin password: add app_secret_arns["platform-admin"] to the Terraform outputs.',
      );
    }
    const change = await ensureAdminUser(
      await state.admin(),
      {
        username: ctx.adminUser.username,
        ...(ctx.adminUser.email === undefined ? {} : { email: ctx.adminUser.email }),
        group: 'platform-admins',
        initialPassword: () => initialPassword(ctx, secretId),
      },
      { dryRun: ctx.dryRun },
    );
    return passed(change, `user ${ctx.adminUser.username}, initial password from ${secretId}`);
  },
};
