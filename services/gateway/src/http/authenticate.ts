import type { IncomingMessage } from 'node:http';
import { extractBearerToken, type Principal, type TokenVerifier } from '@mcpgw/identity';
import type { ServingState } from '../domain/serving/serving-types.js';

export type Authentication =
  | { ok: true; principal: Principal; agentId: string }
  | { ok: false; tokenPresented: boolean; reason: string };

/**
 * Bearer header only: a token in the query string is refused outright (it leaks into logs and
 * referrers) and cookies are never consulted. Revoked agents are refused like a bad token.
 */
export async function authenticate(
  req: IncomingMessage,
  verifier: TokenVerifier,
  state: ServingState | undefined,
): Promise<Authentication> {
  const query = (req.url ?? '').split('?')[1] ?? '';
  if (/(^|&)access_token=/i.test(query))
    return { ok: false, tokenPresented: true, reason: 'token_in_query' };
  const header = req.headers.authorization;
  let token: string;
  try {
    token = extractBearerToken(header);
  } catch {
    return {
      ok: false,
      tokenPresented: header !== undefined,
      reason: header === undefined ? 'missing' : 'not_bearer',
    };
  }
  let principal: Principal;
  try {
    principal = await verifier.verify(token);
  } catch (error) {
    const reason = (error as { details?: { reason?: unknown } }).details?.reason;
    return {
      ok: false,
      tokenPresented: true,
      reason: typeof reason === 'string' ? reason : 'invalid',
    };
  }
  const agentId = principal.clientId ?? principal.subject;
  const agent = state?.agents.get(agentId);
  if (
    agent !== undefined &&
    (agent.status === 'revoked' || !agent.environments.includes(state!.environment))
  )
    return { ok: false, tokenPresented: true, reason: 'agent_revoked' };
  return { ok: true, principal, agentId };
}
