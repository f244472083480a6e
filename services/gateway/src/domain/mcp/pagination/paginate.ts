import { GatewayRpcError, RPC } from '../gateway-rpc-error.js';
import { listCacheKey } from '../list-cache/list-cache.js';
import type { RequestScope } from '../request-scope.js';
import {
  listDigest,
  type CursorBinding,
  type CursorCodec,
  type CursorProblem,
} from './list-cursor.js';

type Json = Record<string, unknown>;

/** The lists that paginate, named by their result key. */
export type ListName = 'tools' | 'resources' | 'resourceTemplates' | 'prompts';

/** One page of a list: `items` is `list[start, end)`; `nextCursor` only when more follow. */
export interface ListPage {
  /** The whole list the page is cut from (frozen and shared while the list cache holds it). */
  list: readonly Json[];
  start: number;
  items: readonly Json[];
  nextCursor?: string;
}

export interface Paginator {
  page(scope: RequestScope, name: ListName, list: readonly Json[], cursor: unknown): ListPage;
}

const IDENTITY: Record<ListName, string> = {
  tools: 'name',
  prompts: 'name',
  resources: 'uri',
  resourceTemplates: 'uriTemplate',
};

/**
 * Cuts lists into pages of `pageSize`. A page is a slice of the (cached) list; for a shared
 * frozen list the digest and every page (slice and next cursor) are built once and kept beside
 * the list, so paging adds no hashing or copying to the hot path after the first request.
 */
export function createPaginator(options: { pageSize: number; codec: CursorCodec }): Paginator {
  const { pageSize, codec } = options;
  const digests = new WeakMap<readonly Json[], string>();
  const pages = new WeakMap<readonly Json[], Map<number, ListPage>>();
  const digestOf = (name: ListName, list: readonly Json[]): string => {
    let digest = digests.get(list);
    if (digest === undefined) {
      const key = IDENTITY[name];
      digest = listDigest(list.map((item) => String(item[key])));
      if (Object.isFrozen(list)) digests.set(list, digest);
    }
    return digest;
  };
  const bindingOf = (
    scope: RequestScope,
    name: ListName,
    list: readonly Json[],
  ): CursorBinding => ({
    list: name,
    viewer: listCacheKey(scope, name),
    digest: digestOf(name, list),
  });
  const cut = (scope: RequestScope, name: ListName, list: readonly Json[], start: number) => {
    const end = Math.min(start + pageSize, list.length);
    if (start === 0 && end === list.length) return { list, start, items: list };
    const items = Object.freeze(list.slice(start, end));
    if (end >= list.length) return { list, start, items };
    return { list, start, items, nextCursor: codec.mint(bindingOf(scope, name, list), end) };
  };
  return {
    page(scope, name, list, cursor) {
      const start =
        cursor === undefined
          ? 0
          : openCursor(scope, cursor, (c) => codec.open(c, bindingOf(scope, name, list)));
      if (!Object.isFrozen(list)) return cut(scope, name, list, start);
      // The list cache keys a frozen list by everything the binding holds: one viewer per list.
      const memo = pages.get(list) ?? new Map<number, ListPage>();
      let page = memo.get(start);
      if (page === undefined) {
        page = cut(scope, name, list, start);
        pages.set(list, memo.set(start, page));
      }
      return page;
    },
  };
}

function openCursor(
  scope: RequestScope,
  cursor: unknown,
  open: (cursor: string) => ReturnType<CursorCodec['open']>,
): number {
  const check =
    typeof cursor === 'string'
      ? open(cursor)
      : { ok: false as const, problem: 'malformed' as const };
  if (check.ok) return check.offset;
  throw invalidCursor(scope, check.problem);
}

const REASONS: Record<CursorProblem, string> = {
  malformed: 'invalid cursor: not a cursor this gateway issued',
  signature: 'invalid cursor: signature does not match this principal, endpoint and list',
  stale: 'invalid cursor: the list changed since the cursor was issued',
};

/**
 * -32602 as the spec asks for an invalid cursor. A forged or foreign cursor is audited as a
 * denial; the agent sees the same message either way, so the answer reveals nothing about whose
 * cursor it was. A stale cursor says so: the agent lists again from the start.
 */
function invalidCursor(scope: RequestScope, problem: CursorProblem): GatewayRpcError {
  const forged = problem === 'signature';
  Object.assign(scope.record, {
    ...(forged ? { decision: 'deny' } : {}),
    outcome: forged ? 'denied' : 'failure',
    reasons: [REASONS[problem]],
    errorCode: RPC.INVALID_PARAMS,
  });
  const message =
    problem === 'stale'
      ? 'Invalid cursor: the list changed; list again without a cursor'
      : 'Invalid cursor';
  return new GatewayRpcError(RPC.INVALID_PARAMS, message);
}
