import { INSTRUCTION_RULES } from './instruction-rules.js';
import { leafKey } from './json-path.js';
import type { DefinitionKind } from './scan-finding.js';
import type { ScanRule } from './scan-rule.js';
import {
  ANSI_ESCAPES,
  BIDI_CONTROLS,
  CONTROL_CHARACTERS,
  TAG_CHARACTERS,
  VARIATION_SELECTORS,
  ZERO_WIDTH,
  findOffending,
  findOffendingOutside,
  type CharacterPattern,
} from './unicode-patterns.js';

function characterRule(
  pattern: CharacterPattern,
  kind: ScanRule['kind'],
  severity: ScanRule['severity'],
): ScanRule {
  return {
    id: pattern.id,
    kind,
    severity,
    on: 'raw',
    test: (text) => findOffending(text, pattern),
  };
}

// Field-specific ceilings; MCP tool and prompt names are meant to be short identifiers.
const NAME_LIMIT: Readonly<Record<DefinitionKind, number>> = {
  tool: 128,
  prompt: 128,
  resource: 256,
  resource_template: 256,
};
const LENGTH_LIMITS: Readonly<Record<string, number>> = {
  title: 256,
  uri: 2048,
  uriTemplate: 2048,
  mimeType: 256,
  description: 8192,
};
const DEFAULT_LENGTH_LIMIT = 4096;

// Latin mixed with Cyrillic or look-alike Greek inside one word ('pаypal' with a Cyrillic 'а').
// Greek μ is left out: 'μs' is ordinary technical text.
const CONFUSABLE_GREEK = /[ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοιρνυκ]/u;

function mixedScriptWord(text: string): number | undefined {
  for (const match of text.matchAll(/[\p{L}\p{M}]+/gu)) {
    const word = match[0];
    if (!/\p{Script=Latin}/u.test(word)) continue;
    if (/\p{Script=Cyrillic}/u.test(word) || CONFUSABLE_GREEK.test(word)) return match.index;
  }
  return undefined;
}

/**
 * The scan rule table. Add a row to extend the scanner; ids are stable (reviewers and audit
 * events refer to them). README.md documents every row.
 */
export const SCAN_RULES: readonly ScanRule[] = [
  characterRule(ZERO_WIDTH, 'invisible_unicode', 'high'),
  characterRule(VARIATION_SELECTORS, 'invisible_unicode', 'high'),
  characterRule(BIDI_CONTROLS, 'bidi_control', 'high'),
  characterRule(TAG_CHARACTERS, 'tag_characters', 'high'),
  characterRule(ANSI_ESCAPES, 'ansi_escape', 'high'),
  {
    id: CONTROL_CHARACTERS.id,
    kind: 'control_character',
    severity: 'medium',
    on: 'raw',
    // A BEL or ST terminating an ANSI sequence is reported as part of that sequence.
    test: (text) => findOffendingOutside(text, CONTROL_CHARACTERS, ANSI_ESCAPES),
  },
  ...INSTRUCTION_RULES,
  {
    id: 'mixed-script-word',
    kind: 'homoglyph_mixed_script',
    severity: 'medium',
    on: 'normalized',
    test: mixedScriptWord,
  },
  {
    id: 'field-too-long',
    kind: 'excessive_length',
    severity: 'medium',
    on: 'raw',
    test: (text, { field, definitionKind }) => {
      const leaf = leafKey(field);
      const limit =
        field === 'name'
          ? NAME_LIMIT[definitionKind]
          : (LENGTH_LIMITS[leaf] ?? DEFAULT_LENGTH_LIMIT);
      return text.length > limit ? limit : undefined;
    },
  },
];
