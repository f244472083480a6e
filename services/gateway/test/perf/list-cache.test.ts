import type { GatewaySnapshot } from '@mcpgw/snapshot';
import { describe, expect, it } from 'vitest';
import { listItems, pickTools } from '../../src/domain/mcp/list-items.js';
import { createBoundedLru } from '../../src/domain/mcp/list-cache/bounded-lru.js';
import type { RequestScope } from '../../src/domain/mcp/request-scope.js';
import { compileServingState } from '../../src/domain/serving/compile-serving-state.js';
import type { ServingState } from '../../src/domain/serving/serving-types.js';
import { buildServingSnapshot } from '../serving/snapshot-fixture.js';

type Policies = GatewaySnapshot['policies'];

function stateWith(policies: unknown[] = []): ServingState {
  return compileServingState(buildServingSnapshot({ policies: policies as Policies }), {
    environment: 'dev',
  });
}

function scopeFor(state: ServingState, scopes: string[], clientId = 'agent-a'): RequestScope {
  return {
    principal: { subject: 'user-1', clientId, groups: [], scopes },
    agentId: clientId,
    serverFilter: undefined,
    state,
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    now: new Date('2026-03-01T10:00:00.000Z'),
    record: {},
  };
}

const names = (items: readonly Record<string, unknown>[]) => items.map((item) => item['name']);
const denyUpdate = {
  id: 'deny-update',
  effect: 'deny',
  subjects: { agents: ['*'] },
  actions: ['tools/call'],
  targets: ['crm/update_contact'],
};

describe('listItems with the list cache', () => {
  it('when the same principal lists twice on one snapshot, then the second list is the cached one and equal to a fresh filter', () => {
    const state = stateWith();
    const uncached: ServingState = { ...state, visibilityReadsClock: true };

    const first = listItems(scopeFor(state, ['crm.read']), 'tools/list', pickTools);
    const second = listItems(scopeFor(state, ['crm.read']), 'tools/list', pickTools);
    const fresh = listItems(scopeFor(uncached, ['crm.read']), 'tools/list', pickTools);

    expect(second).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(first).toEqual(fresh);
  });

  it('when a principal with fewer scopes lists after one with more, then hidden tools stay hidden', () => {
    const state = stateWith();

    const wide = listItems(
      scopeFor(state, ['crm.read', 'crm.contact.update']),
      'tools/list',
      pickTools,
    );
    const narrow = listItems(scopeFor(state, ['crm.read']), 'tools/list', pickTools);
    const otherAgent = listItems(scopeFor(state, [], 'agent-b'), 'tools/list', pickTools);

    expect(names(wide)).toContain('crm__update_contact');
    expect(names(narrow)).not.toContain('crm__update_contact');
    expect(names(otherAgent)).toEqual([]);
  });

  it('when a new snapshot denies a tool, then the next list reflects it without any invalidation call', () => {
    const scopes = ['crm.read', 'crm.contact.update'];
    const before = listItems(scopeFor(stateWith(), scopes), 'tools/list', pickTools);

    const after = listItems(scopeFor(stateWith([denyUpdate]), scopes), 'tools/list', pickTools);

    expect(names(before)).toContain('crm__update_contact');
    expect(names(after)).not.toContain('crm__update_contact');
  });

  it('when a policy has a time window, then lists are filtered per request, never cached', () => {
    const timed = { ...denyUpdate, conditions: { timeWindow: { start: '09:00', end: '17:00' } } };
    const state = stateWith([timed]);
    const scopes = ['crm.read', 'crm.contact.update'];
    const inWindow = scopeFor(state, scopes);
    const outOfWindow = { ...scopeFor(state, scopes), now: new Date('2026-03-01T20:00:00.000Z') };

    const during = listItems(inWindow, 'tools/list', pickTools);
    const after = listItems(outOfWindow, 'tools/list', pickTools);

    expect(state.visibilityReadsClock).toBe(true);
    expect(names(during)).not.toContain('crm__update_contact');
    expect(names(after)).toContain('crm__update_contact');
  });
});

describe('createBoundedLru', () => {
  it('when the weight bound is reached, then the least recently used entries are evicted', () => {
    const lru = createBoundedLru<string>({ maxEntries: 10, maxWeight: 5 });
    lru.set('a', 'A', 2);
    lru.set('b', 'B', 2);
    lru.get('a');

    lru.set('c', 'C', 2);
    lru.set('huge', 'H', 6);

    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe('A');
    expect(lru.get('c')).toBe('C');
    expect(lru.get('huge')).toBeUndefined();
    expect(lru.weight()).toBe(4);
  });

  it('when the entry bound is reached, then the oldest entry goes', () => {
    const lru = createBoundedLru<number>({ maxEntries: 2, maxWeight: 100 });
    lru.set('a', 1, 1);
    lru.set('b', 2, 1);
    lru.set('c', 3, 1);

    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([undefined, 2, 3]);
    expect(lru.size()).toBe(2);
  });
});
