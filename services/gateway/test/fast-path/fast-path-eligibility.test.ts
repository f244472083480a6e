import { describe, expect, it } from 'vitest';
import { fastPathMethod } from '../../src/http/fast-path/fast-path-eligibility.js';
import { ENVELOPE } from './support.js';

const headers = (method: string, extra: Record<string, string> = {}) => ({
  'content-type': 'application/json; charset=utf-8',
  'mcp-protocol-version': ' 2026-07-28',
  'mcp-method': method,
  ...extra,
});
const call = (params: Record<string, unknown>) => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/call',
  params: { _meta: ENVELOPE, ...params },
});

describe('fastPathMethod', () => {
  it('when a plain modern tools/call carries matching headers, then it is eligible', () => {
    const h = headers('tools/call', { 'mcp-name': 'a__b' });
    expect(fastPathMethod('POST', h, call({ name: 'a__b', arguments: {} }))).toBe('tools/call');
  });

  it('when the request has a session, a log level, a progress token or a base64 name, then the SDK serves it', () => {
    const h = headers('tools/call', { 'mcp-name': 'a__b' });
    const ok = call({ name: 'a__b' });
    expect(fastPathMethod('POST', { ...h, 'mcp-session-id': 's' }, ok)).toBeUndefined();
    expect(fastPathMethod('GET', h, ok)).toBeUndefined();
    expect(fastPathMethod('POST', h, call({ name: 'a__b', arguments: [] }))).toBeUndefined();
    const logLevel = { ...ENVELOPE, 'io.modelcontextprotocol/logLevel': 'info' };
    expect(fastPathMethod('POST', h, call({ name: 'a__b', _meta: logLevel }))).toBeUndefined();
    const progress = { ...ENVELOPE, progressToken: 'p-1' };
    expect(fastPathMethod('POST', h, call({ name: 'a__b', _meta: progress }))).toBeUndefined();
    const list = (params: Record<string, unknown>) => ({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/list',
      params: { _meta: ENVELOPE, ...params },
    });
    expect(fastPathMethod('POST', headers('tools/list'), list({ cursor: 7 }))).toBeUndefined();
    const listProgress = list({ _meta: { ...ENVELOPE, progressToken: 3 } });
    expect(fastPathMethod('POST', headers('tools/list'), listProgress)).toBeUndefined();
    const b64 = headers('tools/call', { 'mcp-name': '=?base64?YQ==?=' });
    expect(fastPathMethod('POST', b64, call({ name: '=?base64?YQ==?=' }))).toBeUndefined();
  });

  it('when a plain modern tools/list carries a string cursor, then the fast path serves the page', () => {
    const list = {
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/list',
      params: { cursor: 'opaque', _meta: ENVELOPE },
    };
    expect(fastPathMethod('POST', headers('tools/list'), list)).toBe('tools/list');
  });

  it('when the envelope is malformed or the id is unusable, then the SDK serves it', () => {
    const h = headers('tools/call', { 'mcp-name': 'a__b' });
    const badCaps = { ...ENVELOPE, 'io.modelcontextprotocol/clientCapabilities': { x: 1 } };
    expect(fastPathMethod('POST', h, call({ name: 'a__b', _meta: badCaps }))).toBeUndefined();
    const noId = {
      jsonrpc: '2.0',
      method: 'tools/call',
      params: { name: 'a__b', _meta: ENVELOPE },
    };
    expect(fastPathMethod('POST', h, noId)).toBeUndefined();
  });
});
