import { appError } from '@mcpgw/errors';
import type { CredentialRef } from '../model/server.js';

const ARN =
  /^arn:aws:secretsmanager:[a-z]{2}(-[a-z]+)+-\d:\d{12}:secret:[A-Za-z0-9/_+=.@-]{1,512}$/;
const ENV_REF = /^env:[A-Z_][A-Z0-9_]{0,127}$/;
const FILE_REF = /^file:(\/[A-Za-z0-9._-]{1,255}){1,16}$/;
/** RFC 9110 token characters. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;
const JSON_KEY = /^[A-Za-z0-9_.-]{1,128}$/;
const PLACEHOLDER = '{{secret}}';
/** A long run of token characters next to the placeholder is most likely a pasted secret. */
const SECRET_LIKE = /[A-Za-z0-9+/=_-]{20,}/;
/** Headers the gateway owns; letting a reference set them would break or smuggle requests. */
const RESERVED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'cookie',
  'mcp-session-id',
  'mcp-protocol-version',
]);

function sourceProblem(source: string): string | undefined {
  if (ARN.test(source) || ENV_REF.test(source)) return undefined;
  if (FILE_REF.test(source) && !source.split('/').some((part) => part === '..' || part === '.')) {
    return undefined;
  }
  return 'source must be a Secrets Manager ARN, env:NAME or file:/absolute/path — never a secret value';
}

function templateProblem(template: string): string | undefined {
  const parts = template.split(PLACEHOLDER);
  if (parts.length !== 2) return `template must contain ${PLACEHOLDER} exactly once`;
  if (template.length > 256) return 'template is too long';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
  if (/[\u0000-\u001f\u007f]/.test(template)) return 'template must not contain control characters';
  if (parts.some((part) => SECRET_LIKE.test(part))) {
    return 'template text around the placeholder looks like a secret value';
  }
  return undefined;
}

/** Every problem of one reference, as human-readable messages (empty = valid). */
export function credentialRefProblems(ref: CredentialRef): string[] {
  const problems: string[] = [];
  const source = sourceProblem(ref.source);
  if (source) problems.push(source);
  if (!HEADER_NAME.test(ref.header)) problems.push('header must be a valid HTTP header name');
  else if (RESERVED_HEADERS.has(ref.header.toLowerCase())) {
    problems.push(`header ${ref.header} is reserved by the gateway`);
  }
  const template = templateProblem(ref.template);
  if (template) problems.push(template);
  if (ref.jsonKey !== undefined && !JSON_KEY.test(ref.jsonKey)) {
    problems.push('jsonKey must be 1..128 of A-Z a-z 0-9 _ . -');
  }
  return problems;
}

/** Domain guard for callers that bypass the HTTP schema (e.g. the server.json import). */
export function assertCredentialRefs(refs: readonly CredentialRef[]): void {
  const issues = refs.flatMap((ref, index) =>
    credentialRefProblems(ref).map((message) => ({ path: `credentialRefs.${index}`, message })),
  );
  if (issues.length > 0) {
    // The offending value is never echoed: it may be the very secret we refuse to store.
    throw appError('VALIDATION_FAILED', 'Invalid credential reference.', { details: { issues } });
  }
}
