import type { ServingItem, ServingVersion } from '../../serving/serving-types.js';
import { matchesUriTemplate, type MatchMeter } from './match-uri-template.js';
import { parseUriTemplate, type UriTemplateProgram } from './parse-uri-template.js';

/** Requested resource URIs longer than this are never matched against templates. */
export const MAX_RESOURCE_URI_CHARS = 2_048;
/**
 * Work one lookup may do over all of a version's templates, in URI positions visited. Ordinary
 * templates cost a few passes each; only a server with very many pathological templates gets
 * near it, and then the lookup stops and the URI is not found rather than burning CPU.
 */
export const MAX_LOOKUP_POSITIONS = 2_000_000;

// Compiled per serving version (so per snapshot), lazily, by template string; `null` marks a
// template outside the supported subset. A new snapshot brings new version objects and the
// old entries go with the old snapshot.
const compiled = new WeakMap<ServingVersion, Map<string, UriTemplateProgram | null>>();

/**
 * Why an agent-supplied resource URI is refused before any template sees it, or undefined when
 * it may be matched: over MAX_RESOURCE_URI_CHARS, or holding a control character (C0, DEL, C1),
 * which no expansion can produce.
 */
export function resourceUriProblem(uri: string): string | undefined {
  if (uri.length > MAX_RESOURCE_URI_CHARS) {
    return `resource URI longer than ${MAX_RESOURCE_URI_CHARS} characters`;
  }
  for (let at = 0; at < uri.length; at += 1) {
    const code = uri.charCodeAt(at);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      return 'resource URI contains control characters';
    }
  }
  return undefined;
}

/**
 * The first of the version's pinned templates (in the order the upstream listed them) that
 * `uri` — the upstream's own form — is an expansion of. Visibility is the caller's business:
 * the first match governs the URI even when it is hidden, so a broader template listed later
 * cannot reopen what a narrower hidden one covers.
 */
export function matchResourceTemplate(
  version: ServingVersion,
  uri: string,
): ServingItem | undefined {
  if (uri === '' || version.resourceTemplates.length === 0) return undefined;
  if (resourceUriProblem(uri) !== undefined) return undefined;
  const programs = programsOf(version);
  const meter: MatchMeter = { positions: 0 };
  for (const template of version.resourceTemplates) {
    if (meter.positions > MAX_LOOKUP_POSITIONS) return undefined;
    const program = programFor(programs, template.name);
    if (program !== null && matchesUriTemplate(program, uri, meter)) return template;
  }
  return undefined;
}

function programsOf(version: ServingVersion): Map<string, UriTemplateProgram | null> {
  let programs = compiled.get(version);
  if (programs === undefined) {
    programs = new Map();
    compiled.set(version, programs);
  }
  return programs;
}

function programFor(
  programs: Map<string, UriTemplateProgram | null>,
  template: string,
): UriTemplateProgram | null {
  let program = programs.get(template);
  if (program === undefined) {
    program = parseUriTemplate(template) ?? null;
    programs.set(template, program);
  }
  return program;
}
