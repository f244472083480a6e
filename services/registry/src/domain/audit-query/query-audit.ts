import { appError } from '@mcpgw/errors';
import type { AuditEvent } from '../model/audit-event.js';
import type { Filter, FieldCondition } from '../ports/document-store.js';
import type { RegistryContext } from '../registry-context.js';
import {
  decodeAuditCursor,
  encodeAuditCursor,
  queryFingerprint,
  type AuditPosition,
} from './audit-cursor.js';

export interface AuditQuery {
  readonly agent?: string | undefined;
  readonly user?: string | undefined;
  readonly server?: string | undefined;
  readonly tool?: string | undefined;
  readonly decision?: AuditEvent['decision'] | undefined;
  readonly action?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly limit: number;
  readonly cursor?: string | undefined;
}

const NEWEST_FIRST = { field: 'at', direction: -1 } as const;

function baseFilter(query: AuditQuery): Record<string, FieldCondition> {
  const filter: Record<string, FieldCondition> = {};
  if (query.agent !== undefined) filter['actor.clientId'] = query.agent;
  if (query.server !== undefined) filter['target.serverId'] = query.server;
  if (query.tool !== undefined) filter['target.tool'] = query.tool;
  if (query.decision !== undefined) filter['decision'] = query.decision;
  if (query.action !== undefined) filter['action'] = query.action;
  return filter;
}

/** `user` means "acted as or on behalf of": the port has no OR, so it becomes two filters. */
function alternatives(query: AuditQuery): Filter[] {
  const base = baseFilter(query);
  if (query.user === undefined) return [base];
  return [
    { ...base, 'actor.subject': query.user },
    { ...base, 'actor.userId': query.user },
  ];
}

/**
 * Strictly after `position` in (at desc, id desc) order, within [from, to]: the same `at` with a
 * smaller id, or an earlier `at`. Two range queries because the port has no OR either.
 */
function pageFilters(filter: Filter, query: AuditQuery, position?: AuditPosition): Filter[] {
  const range = {
    ...(query.from ? { gte: query.from } : {}),
    ...(query.to ? { lte: query.to } : {}),
  };
  if (!position) return [{ ...filter, ...(Object.keys(range).length ? { at: range } : {}) }];
  return [
    { ...filter, at: position.at, id: { lt: position.id } },
    { ...filter, at: { ...range, lt: position.at } },
  ];
}

function newestFirst(a: AuditEvent, b: AuditEvent): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Audit events matching every given filter, newest first, with a keyset cursor. */
export async function queryAudit(
  ctx: RegistryContext,
  query: AuditQuery,
): Promise<{ items: AuditEvent[]; nextCursor?: string }> {
  if (query.from && query.to && query.from > query.to) {
    throw appError('VALIDATION_FAILED', '`from` must not be after `to`.', {
      details: { issues: [{ path: 'query.from', message: 'must be before or equal to `to`' }] },
    });
  }
  const { cursor: _cursor, limit: _limit, ...shape } = query;
  const fingerprint = queryFingerprint(shape);
  const position = query.cursor ? decodeAuditCursor(query.cursor, fingerprint) : undefined;
  const events = ctx.store.collection<AuditEvent>('audit_events');
  const filters = alternatives(query).flatMap((f) => pageFilters(f, query, position));
  const batches = await Promise.all(
    filters.map((f) => events.find(f, { sort: NEWEST_FIRST, limit: query.limit + 1 })),
  );
  const unique = new Map(batches.flat().map((event) => [event.id, event]));
  const sorted = [...unique.values()].sort(newestFirst);
  const items = sorted.slice(0, query.limit);
  const last = items[items.length - 1];
  if (sorted.length <= query.limit || !last) return { items };
  return { items, nextCursor: encodeAuditCursor({ at: last.at, id: last.id }, fingerprint) };
}
