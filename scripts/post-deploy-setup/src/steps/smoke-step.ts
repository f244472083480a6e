import { ensureAgent, readClientSecret } from '@mcpgw/auth/dist/provisioning/index.js';
import { createTokenVerifier } from '@mcpgw/identity';
import { clientCredentialsToken } from '../client-credentials.js';
import { listGatewayTools } from '../gateway-tools-list.js';
import { passed, type Step } from '../step.js';

export const SMOKE_SCOPE = 'mcp.smoke';

/**
 * A sample agent gets a client-credentials token that the gateway's verifier accepts with the
 * gateway audience and its scope; then, if a gateway answers, tools/list through it.
 */
export const smokeStep: Step = {
  name: 'smoke',
  title: 'smoke test: agent token, verifier, gateway tools/list',
  async run(ctx, state) {
    if (ctx.dryRun) return { status: 'skip', reason: 'dry run' };
    const admin = await state.admin();
    const { change } = await ensureAgent(admin, {
      id: ctx.smokeAgentId,
      description: 'Post-deploy smoke test agent; holds only mcp.smoke.',
      grantedScopes: [SMOKE_SCOPE],
    });
    const issuer = `${ctx.keycloakUrl.replace(/\/+$/, '')}/realms/${ctx.realm}`;
    const secret = await readClientSecret(admin, ctx.smokeAgentId);
    const token = await clientCredentialsToken(
      `${issuer}/protocol/openid-connect/token`,
      ctx.smokeAgentId,
      secret,
    );
    const verifier = createTokenVerifier({
      issuers: [{ issuer, audiences: [ctx.gatewayAudience] }],
    });
    const principal = await verifier.verify(token);
    if (!principal.scopes.includes(SMOKE_SCOPE)) {
      throw new Error(`token accepted but lacks scope ${SMOKE_SCOPE}`);
    }
    let gateway = 'gateway tools/list skipped: no gateway URL';
    if (ctx.gatewayMcpUrl !== undefined) {
      const count = await listGatewayTools(ctx.gatewayMcpUrl, token);
      gateway =
        count === undefined
          ? 'gateway tools/list skipped: not reachable'
          : `gateway tools/list returned ${count} tools`;
    }
    return passed(
      change,
      `token accepted (aud ${ctx.gatewayAudience}, scope ${SMOKE_SCOPE}); ${gateway}`,
    );
  },
};
