import { describe, expect, it } from 'vitest';
import type { PolicyTarget } from '@mcpgw/policy';
import type { ServingItem, ServingVersion } from '../../src/domain/serving/serving-types.js';
import {
  MAX_LOOKUP_POSITIONS,
  MAX_RESOURCE_URI_CHARS,
  matchResourceTemplate,
  resourceUriProblem,
} from '../../src/domain/mcp/uri-template/match-resource-template.js';
import {
  matchesUriTemplate,
  type MatchMeter,
} from '../../src/domain/mcp/uri-template/match-uri-template.js';
import {
  MAX_TEMPLATE_CHARS,
  MAX_TEMPLATE_PASSES,
  parseUriTemplate,
  type UriTemplateProgram,
} from '../../src/domain/mcp/uri-template/parse-uri-template.js';

function compile(template: string): UriTemplateProgram {
  const program = parseUriTemplate(template);
  if (program === undefined) throw new Error(`template ${template} did not compile`);
  return program;
}

/** Matches and checks the work bound every match must keep, whatever the input. */
function matches(template: string, uri: string): boolean {
  const program = compile(template);
  const meter: MatchMeter = { positions: 0 };
  const matched = matchesUriTemplate(program, uri, meter);
  expect(meter.positions).toBeLessThanOrEqual(program.passes * (uri.length + 1));
  return matched;
}

describe('parseUriTemplate', () => {
  it.each([
    'file:///readme.md',
    'file:///logs/{date}.txt',
    'file:///{+path}',
    'x://{a,b}/z',
    'x://items{/id,sub}',
    'x://tree{/path*}',
    'x://search{?q,limit}',
    'x://s?fixed=1{&page,size}',
    'x://doc{#section}',
    'x://host{.ext}',
    'x://{var*}{+list*}',
    'x://{a.b}/{%41_1}',
  ])('when the template is %s, then it compiles', (template) => {
    expect(parseUriTemplate(template)).toBeDefined();
  });

  it.each([
    ['a prefix modifier', 'x://{var:3}'],
    ['the ; operator', 'x://{;id}'],
    ['a reserved operator', 'x://{=id}'],
    ['another reserved operator', 'x://{!id}'],
    ['an exploded query', 'x://s{?list*}'],
    ['an unclosed brace', 'x://{id'],
    ['a stray closing brace', 'x://id}'],
    ['an empty expression', 'x://{}'],
    ['nested braces', 'x://{a{b}}'],
    ['a space in a name', 'x://{a b}'],
    ['a double dot in a name', 'x://{a..b}'],
    ['an empty name in a list', 'x://{a,,b}'],
    ['a bad pct-encoding in a name', 'x://{%zz}'],
    ['a template over the length ceiling', `x://${'a'.repeat(MAX_TEMPLATE_CHARS)}{id}`],
    [
      'a template over the pass ceiling',
      `x://s{?${Array.from({ length: 50 }, (_, i) => `v${i}`).join(',')}}`,
    ],
  ])('when the template has %s, then it is not compiled and so never matches', (_case, t) => {
    expect(parseUriTemplate(t)).toBeUndefined();
  });
});

describe('matchesUriTemplate', () => {
  it.each([
    ['file:///readme.md', 'file:///readme.md'],
    ['file:///logs/{date}.txt', 'file:///logs/2026-11-01.txt'],
    ['file:///logs/{date}.txt', 'file:///logs/.txt'],
    ['file:///logs/{date}.txt', 'file:///logs/a.b.txt'],
    ['crm://contacts/{id}', 'crm://contacts/c%2F1'],
    ['file:///logs/{date}.txt', 'file:///logs/%E6%97%A5%20x.txt'],
    ['file:///{+path}', "file:///a/b;c=d,e!$&'()*+:@.txt"],
    ['file:///{+path}', 'file:///var/log/app.log'],
    ['x://{a,b}/z', 'x://1,2/z'],
    ['x://items{/id,sub}', 'x://items'],
    ['x://items{/id,sub}', 'x://items/1'],
    ['x://items{/id,sub}', 'x://items/1/2'],
    ['x://tree{/path*}', 'x://tree/a/b/c'],
    ['x://search{?q,limit}', 'x://search'],
    ['x://search{?q,limit}', 'x://search?q=ada'],
    ['x://search{?q,limit}', 'x://search?limit=5'],
    ['x://search{?q,limit}', 'x://search?q=ada&limit=5'],
    ['x://search{?q,limit}', 'x://search?q=&limit='],
    ['x://s?fixed=1{&page,size}', 'x://s?fixed=1&size=9'],
    ['x://doc{#section}', 'x://doc#intro/part?1'],
    ['x://host{.ext}', 'x://host.tar.gz'],
    // The earliest place for `x` fails ({c} cannot hold "/"); a later one succeeds.
    ['x://a{+b}x{c}y', 'x://ax/xy'],
  ])('when %s is expanded to %s, then it matches', (template, uri) => {
    expect(matches(template, uri)).toBe(true);
  });

  it.each([
    ['a slash in a simple value', 'file:///logs/{date}.txt', 'file:///logs/2026/11.txt'],
    ['a query after the template', 'file:///logs/{date}.txt', 'file:///logs/a.txt?x=1'],
    ['a fragment in a simple value', 'file:///logs/{date}.txt', 'file:///logs/a#b.txt'],
    ['another literal prefix', 'file:///logs/{date}.txt', 'file:///other/a.txt'],
    ['another literal suffix', 'file:///logs/{date}.txt', 'file:///logs/a.log'],
    ['the template itself', 'crm://notes/{id}', 'crm://notes/{id}'],
    ['braces in a reserved value', 'file:///{+path}', 'file:///a/{b}'],
    ['more segments than variables', 'x://items{/id,sub}', 'x://items/1/2/3'],
    ['query variables out of order', 'x://search{?q,limit}', 'x://search?limit=5&q=ada'],
    ['a query opened with &', 'x://search{?q,limit}', 'x://search&q=ada'],
    ['an unknown query variable', 'x://search{?q,limit}', 'x://search?other=1'],
    ['a repeated query variable', 'x://search{?q,limit}', 'x://search?q=a&q=b'],
    ['an & inside a query value', 'x://s{?q}', 'x://s?q=a&b'],
    ['a label without its dot', 'x://host{.ext}', 'x://hostgz'],
    ['an empty URI', 'x://{id}', ''],
    ['a space in a value', 'file:///logs/{date}.txt', 'file:///logs/my day.txt'],
    ['non-ASCII in a value', 'file:///logs/{date}.txt', 'file:///logs/日本.txt'],
    ['Latin-1 in a reserved value', 'file:///{+path}', 'file:///é.txt'],
    ['a quote in a reserved value', 'file:///{+path}', 'file:///a"b'],
    ['a backslash in a reserved value', 'file:///{+path}', 'file:///a\\b'],
    ['a bar in a value', 'x://{id}', 'x://a|b'],
  ])('when the URI has %s, then it does not match', (_case, template, uri) => {
    expect(matches(template, uri)).toBe(false);
  });

  const nearMiss = (body: string, tail: string) =>
    `x://${body.repeat(Math.ceil(2_000 / body.length)).slice(0, 2_000)}${tail}`;
  const manyVars = Array.from({ length: 16 }, (_, i) => `{v${i}}`).join('');

  it.each([
    ['adjacent simple variables', `x://${manyVars}!`, nearMiss('a', '')],
    ['variables between repeated literals', 'x://{a}a{b}a{c}a{d}a{e}b', nearMiss('a', '')],
    ['reserved variables between slashes', 'x://{+a}/{+b}/{+c}/{+d}/z', nearMiss('/', 'y')],
    ['optional path segments', 'x://{/a,b,c,d,e,f,g,h}!', nearMiss('/a', '')],
    ['a long query list', 'x://{?a,b,c,d,e,f,g,h,i,j}!', nearMiss('?a=&a=', '')],
  ])(
    'when a URI nearly matches a template of %s, then the answer is no within the work bound',
    (_case, template, uri) => {
      const program = compile(template);
      const meter: MatchMeter = { positions: 0 };

      const matched = matchesUriTemplate(program, uri, meter);

      expect(matched).toBe(false);
      expect(program.passes).toBeLessThanOrEqual(MAX_TEMPLATE_PASSES);
      expect(meter.positions).toBeLessThanOrEqual(program.passes * (uri.length + 1));
      expect(meter.positions).toBeLessThanOrEqual(MAX_TEMPLATE_PASSES * 2_049);
    },
  );
});

function version(templates: string[]): ServingVersion {
  const route = {
    serverId: 'crm',
    version: '1.0.0',
    url: 'http://crm.internal.example/mcp',
    transport: 'streamable-http' as const,
    credentialRefs: [],
  };
  const item = (uriTemplate: string): ServingItem => ({
    kind: 'resource',
    serverId: 'crm',
    name: uriTemplate,
    route,
    definition: { uriTemplate, name: uriTemplate },
    requiredScopes: [],
    pinnedHash: 'hash',
    policyTarget: {} as PolicyTarget,
  });
  return {
    version: '1.0.0',
    route,
    tools: new Map(),
    resources: new Map(),
    resourceTemplates: templates.map(item),
    prompts: new Map(),
  };
}

describe('matchResourceTemplate', () => {
  it('when several templates match, then the first in pinned order governs the URI', () => {
    const v = version(['crm://notes/{id}', 'crm://{+any}', 'crm://notes/{+rest}']);

    expect(matchResourceTemplate(v, 'crm://notes/7')?.name).toBe('crm://notes/{id}');
    expect(matchResourceTemplate(v, 'crm://notes/7/x')?.name).toBe('crm://{+any}');
    expect(matchResourceTemplate(v, 'other://notes/7')).toBeUndefined();
  });

  it('when a template is unsupported, then it is skipped and the next one may match', () => {
    const v = version(['crm://notes/{id:3}', 'crm://notes/{id}']);

    expect(matchResourceTemplate(v, 'crm://notes/7')?.name).toBe('crm://notes/{id}');
    expect(matchResourceTemplate(v, 'crm://notes/7')?.name).toBe('crm://notes/{id}');
  });

  it.each([
    ['over the length cap', `crm://notes/${'a'.repeat(MAX_RESOURCE_URI_CHARS)}`, 'longer than'],
    ['with a line break', 'crm://notes/a\r\nx-injected: 1', 'control characters'],
    ['with a NUL', 'crm://notes/a\u0000', 'control characters'],
    ['with DEL', 'crm://notes/a\u007f', 'control characters'],
    ['with a C1 control', 'crm://notes/a\u009b31m', 'control characters'],
  ])('when the URI is %s, then no template sees it and the problem is named', (_c, uri, why) => {
    const v = version(['crm://{+any}']);

    expect(matchResourceTemplate(v, uri)).toBeUndefined();
    expect(resourceUriProblem(uri)).toContain(why);
  });

  it('when the URI is at the length cap and clean, then it may match', () => {
    const uri = `crm://${'a'.repeat(MAX_RESOURCE_URI_CHARS - 6)}`;

    expect(resourceUriProblem(uri)).toBeUndefined();
    expect(matchResourceTemplate(version(['crm://{+any}']), uri)?.name).toBe('crm://{+any}');
  });

  it('when the templates before a match cost more than the lookup budget, then the lookup stops without a match', () => {
    const heavy = `crm://${Array.from({ length: 40 }, (_, i) => `{/v${i}}`).join('')}!`;
    const costly = Array.from({ length: 20 }, (_, i) => `${heavy}${'x'.repeat(i)}`);
    const uri = `crm://${'/a'.repeat(1_000)}`;
    const program = compile(heavy);
    expect(costly.length * program.passes * (uri.length + 1)).toBeGreaterThan(MAX_LOOKUP_POSITIONS);

    expect(matchResourceTemplate(version([...costly, 'crm://{+any}']), uri)).toBeUndefined();
    expect(matchResourceTemplate(version(['crm://{+any}']), uri)?.name).toBe('crm://{+any}');
  });
});
