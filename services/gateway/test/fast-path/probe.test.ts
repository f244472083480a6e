import { afterAll, beforeAll, describe, it } from 'vitest';
import { modernPost, startHarness, type Harness } from '../mcp/support.js';

describe('probe', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(); }, 30_000);
  afterAll(async () => h?.close());
  it('prints', async () => {
    const t = await h.token('crm.read');
    const show = (label: string, r: Awaited<ReturnType<typeof modernPost>>) =>
      console.log(label, r.status, JSON.stringify([...r.headers]), r.text.slice(0, 400));
    show('list', await modernPost(`${h.url}/mcp/crm`, t, 'tools/list'));
    show('call', await modernPost(`${h.url}/mcp`, t, 'tools/call', { name: 'crm__search_contacts', arguments: { query: 'ada' } }));
    show('unknown', await modernPost(`${h.url}/mcp`, t, 'tools/call', { name: 'crm__nope', arguments: {} }));
    show('invalid', await modernPost(`${h.url}/mcp`, t, 'tools/call', { name: 'crm__search_contacts', arguments: { query: 5 } }));
    show('scope', await modernPost(`${h.url}/mcp`, t, 'tools/call', { name: 'crm__update_contact', arguments: {} }));
    show('legacyup', await modernPost(`${h.url}/mcp`, t, 'tools/call', { name: 'legacy__search_contacts', arguments: { query: 'ada' } }));
    show('noargs', await modernPost(`${h.url}/mcp`, t, 'tools/call', { name: 'crm__search_contacts' }));
  });
});
