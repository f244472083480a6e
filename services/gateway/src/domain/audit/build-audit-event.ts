import type { AuditEvent, AuditInput } from './audit-event.js';
import { chainHash } from './chain-hash.js';
import { scrubDetails } from './scrub-details.js';

export interface ChainPosition {
  readonly instance: string;
  readonly seq: number;
  readonly prevHash: string;
}

/**
 * The next link of the chain. Built field by field (never by spreading the input) so only the
 * documented fields reach stdout and the database, and no `undefined` survives to break the hash.
 */
export function buildAuditEvent(
  input: AuditInput,
  position: ChainPosition,
  stamp: { id: string; at: string },
): AuditEvent {
  const { actor, target } = input;
  const details = scrubDetails(input.details);
  const draft = {
    id: stamp.id,
    at: stamp.at,
    source: 'gateway' as const,
    instance: position.instance,
    seq: position.seq,
    prevHash: position.prevHash,
    action: input.action,
    actor: {
      subject: actor.subject,
      ...(actor.clientId === undefined ? {} : { clientId: actor.clientId }),
      ...(actor.userId === undefined ? {} : { userId: actor.userId }),
    },
    target: {
      ...(target.serverId === undefined ? {} : { serverId: target.serverId }),
      ...(target.tool === undefined ? {} : { tool: target.tool }),
      ...(target.resource === undefined ? {} : { resource: target.resource }),
    },
    ...(input.decision === undefined ? {} : { decision: input.decision }),
    ...(input.reasons === undefined ? {} : { reasons: [...input.reasons] }),
    outcome: input.outcome,
    ...(input.requestId === undefined ? {} : { requestId: input.requestId }),
    ...(details === undefined ? {} : { details }),
  };
  return { ...draft, hash: chainHash(draft) };
}
