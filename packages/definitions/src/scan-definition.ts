import { excerptAround } from './display-text.js';
import { displayPath } from './json-path.js';
import { normalizeText } from './normalize-text.js';
import type { DefinitionKind, ScanFinding } from './scan-finding.js';
import type { ScanRule } from './scan-rule.js';
import { SCAN_RULES } from './scan-rules.js';
import { MAX_DEPTH, MAX_NODES, walkStrings } from './walk-strings.js';

/**
 * Scans every string of a tool/resource/prompt definition the model will see — names, titles,
 * descriptions, schema property names, enum values, defaults, examples, argument descriptions,
 * URIs — against SCAN_RULES. At most one finding per (field, rule), ordered by field then rule,
 * so the same definition always yields the same list. Never throws.
 */
export function scanDefinition(
  kind: DefinitionKind,
  definition: unknown,
  rules: readonly ScanRule[] = SCAN_RULES,
): ScanFinding[] {
  const findings = new Map<string, ScanFinding>();
  const add = (finding: ScanFinding): void => {
    const key = `${finding.field}\u0000${finding.rule}`;
    if (!findings.has(key)) findings.set(key, finding);
  };
  walkStrings(definition, {
    text: (path, value) => scanText(kind, displayPath(path), value, rules).forEach(add),
    tooDeep: (path) =>
      add(structural('excessive_depth', 'max-depth', displayPath(path), `depth > ${MAX_DEPTH}`)),
    tooLarge: (path) =>
      add(structural('excessive_size', 'max-nodes', displayPath(path), `> ${MAX_NODES} values`)),
  });
  return [...findings.values()].sort(byFieldThenRule);
}

function scanText(
  definitionKind: DefinitionKind,
  field: string,
  raw: string,
  rules: readonly ScanRule[],
): ScanFinding[] {
  let normalized: string | undefined;
  const result: ScanFinding[] = [];
  for (const rule of rules) {
    const text = rule.on === 'raw' ? raw : (normalized ??= normalizeText(raw));
    const index = rule.test(text, { field, definitionKind });
    if (index === undefined) continue;
    const excerpt = excerptAround(text, index);
    result.push({ kind: rule.kind, field, severity: rule.severity, excerpt, rule: rule.id });
  }
  return result;
}

function structural(
  kind: ScanFinding['kind'],
  rule: string,
  field: string,
  excerpt: string,
): ScanFinding {
  return { kind, field, severity: 'medium', excerpt, rule };
}

// Code-unit comparison, not localeCompare: the order must not depend on the server's locale.
function byFieldThenRule(a: ScanFinding, b: ScanFinding): number {
  if (a.field !== b.field) return a.field < b.field ? -1 : 1;
  return a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0;
}
