import type { AuditActor, AuditEvent, AuditInput, AuditTarget } from './audit-event.js';
import { canonicalEventJson, type AuditDraft } from './canonical-event-json.js';
import { chainHashOfCanonical } from './chain-hash.js';
import { scrubDetails } from './scrub-details.js';

export interface ChainPosition {
  readonly instance: string;
  readonly seq: number;
  readonly prevHash: string;
}

export interface BuiltAuditEvent {
  readonly event: AuditEvent;
  /** The event as one JSON line (no newline): its canonical text with the hash appended. */
  readonly line: string;
}

/**
 * The next link of the chain. Built field by field (never by spreading the input) so only the
 * documented fields reach stdout and the database, and no `undefined` survives to break the hash.
 * The canonical text is made once and serves both the hash and the stdout line.
 */
export function buildAuditEvent(
  input: AuditInput,
  position: ChainPosition,
  stamp: { id: string; at: string },
): BuiltAuditEvent {
  const draft: Mutable<AuditDraft> = {
    id: stamp.id,
    at: stamp.at,
    source: 'gateway',
    instance: position.instance,
    seq: position.seq,
    prevHash: position.prevHash,
    action: input.action,
    actor: actorOf(input.actor),
    target: targetOf(input.target),
    outcome: input.outcome,
  };
  // Optional members are added only when set (no spread copies on the hot path).
  if (input.decision !== undefined) draft.decision = input.decision;
  if (input.reasons !== undefined) draft.reasons = [...input.reasons];
  if (input.requestId !== undefined) draft.requestId = input.requestId;
  const details = scrubDetails(input.details);
  if (details !== undefined) draft.details = details;
  const canonical = canonicalEventJson(draft);
  const hash = chainHashOfCanonical(position.prevHash, canonical);
  const event: Mutable<AuditEvent> = Object.assign(draft, { hash });
  return { event, line: `${canonical.slice(0, -1)},"hash":${JSON.stringify(hash)}}` };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function actorOf(actor: AuditActor): AuditActor {
  const out: Mutable<AuditActor> = { subject: actor.subject };
  if (actor.clientId !== undefined) out.clientId = actor.clientId;
  if (actor.userId !== undefined) out.userId = actor.userId;
  return out;
}

function targetOf(target: AuditTarget): AuditTarget {
  const out: Mutable<AuditTarget> = {};
  if (target.serverId !== undefined) out.serverId = target.serverId;
  if (target.tool !== undefined) out.tool = target.tool;
  if (target.resource !== undefined) out.resource = target.resource;
  return out;
}
