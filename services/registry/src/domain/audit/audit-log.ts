import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '@mcpgw/definitions';
import type { AuditEvent } from '../model/audit-event.js';
import type { Actor } from '../model/actor.js';
import type { Clock } from '../ports/clock.js';
import type { DocumentStore } from '../ports/document-store.js';

export const GENESIS_HASH = 'sha256:genesis';

export type AuditInput = Omit<
  AuditEvent,
  'id' | 'rev' | 'at' | 'source' | 'instance' | 'seq' | 'prevHash' | 'hash' | 'actor'
> & { readonly actor: Actor | AuditEvent['actor'] };

export interface AuditLog {
  /** Appends one event to this instance's hash chain and stores it. */
  record(input: AuditInput): Promise<AuditEvent>;
}

/** hash = sha256(prevHash + canonicalJson(event without hash and rev)). Shared with the verifier. */
export function chainHash(event: Omit<AuditEvent, 'hash' | 'rev'>): string {
  return `sha256:${createHash('sha256').update(event.prevHash).update(canonicalJson(event)).digest('hex')}`;
}

function actorSummary(actor: AuditInput['actor']): AuditEvent['actor'] {
  return {
    subject: actor.subject,
    ...(actor.clientId === undefined ? {} : { clientId: actor.clientId }),
    ...('userId' in actor && actor.userId !== undefined ? { userId: actor.userId } : {}),
    ...(actor.roles === undefined ? {} : { roles: [...actor.roles] }),
  };
}

/**
 * The registry's audit writer. Writes are serialized so the chain order equals the stored
 * order; a control-plane change is only answered after its audit event is stored.
 */
export function createAuditLog(deps: {
  store: DocumentStore;
  clock: Clock;
  instance?: string;
}): AuditLog {
  const events = deps.store.collection<AuditEvent>('audit_events');
  const instance = deps.instance ?? `registry-${randomUUID()}`;
  let seq = 0;
  let prevHash = GENESIS_HASH;
  let tail: Promise<unknown> = Promise.resolve();

  async function append(input: AuditInput): Promise<AuditEvent> {
    const draft = stripUndefined({
      ...input,
      id: randomUUID(),
      at: deps.clock.now().toISOString(),
      source: 'registry' as const,
      instance,
      seq: seq + 1,
      prevHash,
      actor: actorSummary(input.actor),
    });
    const event = { ...draft, hash: chainHash(draft) };
    const stored = await events.insert(event);
    seq = event.seq;
    prevHash = event.hash;
    return stored;
  }

  return {
    record(input) {
      const next = tail.then(() => append(input));
      tail = next.catch(() => undefined);
      return next;
    },
  };
}

function stripUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
