import type { PolicyPrincipal } from './decision-types.js';
import type { PolicySubject } from './policy-types.js';

export interface SubjectMatcher {
  matches(principal: PolicyPrincipal): boolean;
  /** Which entry matched, or why none did; for explain(). */
  describe(principal: PolicyPrincipal): string;
}

/**
 * Any-of over four lists of exact names:
 * - agents: the principal's clientId (the agent), or its subject when the token has no client;
 * - clients: the principal's clientId only;
 * - groups: any of the principal's groups;
 * - users: the principal's userId (the human, for console and on-behalf-of tokens).
 * '*' in agents or clients matches every (authenticated) principal.
 */
export function compileSubject(subject: PolicySubject): SubjectMatcher {
  const agents = new Set(subject.agents ?? []);
  const clients = new Set(subject.clients ?? []);
  const groups = new Set(subject.groups ?? []);
  const users = new Set(subject.users ?? []);
  const everyone = agents.has('*') || clients.has('*');
  const firstMatch = (principal: PolicyPrincipal): string | undefined => {
    if (everyone) return "'*' (every principal)";
    const agentId = principal.clientId ?? principal.subject;
    if (agents.has(agentId)) return `agent "${agentId}"`;
    if (principal.clientId !== undefined && clients.has(principal.clientId)) {
      return `client "${principal.clientId}"`;
    }
    if (principal.userId !== undefined && users.has(principal.userId)) {
      return `user "${principal.userId}"`;
    }
    const group = principal.groups.find((name) => groups.has(name));
    return group === undefined ? undefined : `group "${group}"`;
  };
  return {
    matches: (principal) => firstMatch(principal) !== undefined,
    describe: (principal) => {
      const hit = firstMatch(principal);
      if (hit !== undefined) return `matched ${hit}`;
      const who = [
        `client ${principal.clientId ?? '(none)'}`,
        `subject ${principal.subject}`,
        `user ${principal.userId ?? '(none)'}`,
        `groups [${principal.groups.join(', ')}]`,
      ];
      return `principal (${who.join(', ')}) is not listed`;
    },
  };
}
