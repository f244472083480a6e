/**
 * Character-level patterns shared by the scanner and the sanitizer, so that whatever is flagged
 * is exactly what gets removed. Each pattern is global; a match with capture group 1 is a
 * legitimate use (emoji ZWJ sequences, subdivision flags, emoji presentation selectors, joiners
 * between non-Latin letters, which Arabic, Persian and Indic text need) and is kept; any other
 * match is an offending sequence.
 */
export interface CharacterPattern {
  readonly id: string;
  readonly pattern: RegExp;
}

// ESC-introduced sequences are matched whole so that no '[31m' residue is left behind:
// CSI, OSC/DCS/PM/APC strings (incl. OSC 8 hyperlinks), two-character escapes, and C1 forms.
const ANSI = new RegExp(
  [
    '\\u001B\\[[0-?]*[ -/]*[@-~]?',
    '\\u001B[\\]P^_][^\\u0007\\u001B]*(?:\\u0007|\\u001B\\\\)?',
    '\\u001B[ -~]?',
    '\\u009B[0-?]*[ -/]*[@-~]?',
    '[\\u0090\\u009D\\u009E\\u009F][^\\u0007\\u001B\\u009C]*(?:\\u0007|\\u009C|\\u001B\\\\)?',
  ].join('|'),
  'g',
);

export const ANSI_ESCAPES: CharacterPattern = { id: 'ansi-escape-sequence', pattern: ANSI };

export const ZERO_WIDTH: CharacterPattern = {
  id: 'zero-width-character',
  pattern: new RegExp(
    // eslint-disable-next-line no-misleading-character-class -- lists lone joiners/marks on purpose
    '(\\p{Extended_Pictographic}[\\u{1F3FB}-\\u{1F3FF}]?\\uFE0F?\\u200D(?=\\p{Extended_Pictographic})' +
      '|(?<=[[\\p{L}\\p{M}]--\\p{Script=Latin}])[\\u200C\\u200D](?=[\\p{L}--\\p{Script=Latin}]))' +
      '|[\\u00AD\\u034F\\u115F\\u1160\\u17B4\\u17B5\\u180E\\u200B-\\u200F\\u2060-\\u2065\\u3164\\uFEFF\\uFFA0]',
    'gv',
  ),
};

export const BIDI_CONTROLS: CharacterPattern = {
  id: 'bidi-control-character',
  pattern: /[\u061C\u202A-\u202E\u2066-\u2069]/g,
};

export const TAG_CHARACTERS: CharacterPattern = {
  id: 'unicode-tag-character',
  pattern:
    /(\u{1F3F4}[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{1,6}\u{E007F})|[\u{E0000}-\u{E007F}]/gu,
};

// A selector directly after an emoji/symbol/digit, or an ideographic variation selector after a
// Han character, is ordinary text; runs of selectors or selectors on letters smuggle data.
export const VARIATION_SELECTORS: CharacterPattern = {
  id: 'variation-selector-abuse',
  pattern:
    /((?<=[^\p{L}\s\uFE00-\uFE0F\u{E0100}-\u{E01EF}])[\uFE0E\uFE0F]|(?<=\p{Script=Han})[\uFE00-\uFE0D\u{E0100}-\u{E01EF}])|[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu,
};

// C0/C1 controls other than tab, newline and CRLF; ESC and the C1 string introducers belong to
// ANSI_ESCAPES. A lone CR is included: terminals use it to overwrite what the reviewer sees.
export const CONTROL_CHARACTERS: CharacterPattern = {
  id: 'control-character',
  pattern:
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    /[\u0000-\u0008\u000B\u000C\u000E-\u001A\u001C-\u001F\u007F-\u008F\u0091-\u009A\u009C]|\r(?!\n)/g,
};

/** Index of the first offending match, or undefined. */
export function findOffending(text: string, { pattern }: CharacterPattern): number | undefined {
  for (const match of text.matchAll(pattern)) {
    if (match[1] === undefined) return match.index;
  }
  return undefined;
}

/** Like findOffending, ignoring matches inside sequences of `outside` (a BEL ending an OSC). */
export function findOffendingOutside(
  text: string,
  pattern: CharacterPattern,
  outside: CharacterPattern,
): number | undefined {
  const covered = [...text.matchAll(outside.pattern)].map((m) => [m.index, m.index + m[0].length]);
  for (const match of text.matchAll(pattern.pattern)) {
    if (match[1] !== undefined) continue;
    if (!covered.some(([from, to]) => match.index >= from! && match.index < to!))
      return match.index;
  }
  return undefined;
}

/** Removes every offending match, keeping the legitimate ones. */
export function removeOffending(text: string, { pattern }: CharacterPattern): string {
  // Patterns without a keep group pass the offset (a number) as the second argument.
  return text.replace(pattern, (whole: string, keep: unknown) =>
    typeof keep === 'string' ? whole : '',
  );
}

/** Order matters: ANSI sequences first so their printable tails go with them. */
export const STRIPPED_PATTERNS: readonly CharacterPattern[] = [
  ANSI_ESCAPES,
  ZERO_WIDTH,
  BIDI_CONTROLS,
  TAG_CHARACTERS,
  VARIATION_SELECTORS,
  CONTROL_CHARACTERS,
];

/**
 * Every character any STRIPPED_PATTERNS entry can match, in one class. Most text contains none
 * of them, and one test of this class is far cheaper than six pattern scans: it is the fast path
 * that lets clean definitions through untouched.
 */
export const SUSPICIOUS_CHARACTER =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class -- the point is to find them
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\u3164\uFE00-\uFE0F\uFEFF\uFFA0\u{E0000}-\u{E01EF}]/u;

/** Text with every offending character sequence removed. */
export function sanitizeText(text: string): string {
  if (!SUSPICIOUS_CHARACTER.test(text)) return text;
  let result = text;
  for (const pattern of STRIPPED_PATTERNS) {
    if (findOffending(result, pattern) !== undefined) result = removeOffending(result, pattern);
  }
  return result;
}
