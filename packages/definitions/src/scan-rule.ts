import type { DefinitionKind, FindingKind, Severity } from './scan-finding.js';

export interface ScanContext {
  /** JSON path of the string being scanned. */
  readonly field: string;
  readonly definitionKind: DefinitionKind;
}

/**
 * One row of the rule table. `on: 'raw'` rules see the string as received (character rules);
 * `on: 'normalized'` rules see it after NFKC, removal of invisible/control sequences and
 * whitespace folding, so 'ig\u200Bnore previous instructions' cannot dodge a phrase rule.
 * `test` returns the code-unit offset of the first hit in the text it was given.
 */
export interface ScanRule {
  readonly id: string;
  readonly kind: FindingKind;
  readonly severity: Severity;
  readonly on: 'raw' | 'normalized';
  readonly test: (text: string, context: ScanContext) => number | undefined;
}

/** A rule test from a regular expression (offset of its first match). */
export function matching(pattern: RegExp): ScanRule['test'] {
  const once = new RegExp(pattern.source, pattern.flags.replace('g', ''));
  return (text) => {
    const match = once.exec(text);
    return match === null ? undefined : match.index;
  };
}
