import { sanitizeText } from './unicode-patterns.js';

/**
 * The text as a reader (or a model) effectively perceives it: compatibility forms folded
 * (full-width letters, ligatures), invisible and control sequences removed, runs of horizontal
 * whitespace folded to one space. Newlines are kept: line starts matter to role markers.
 */
export function normalizeText(text: string): string {
  return sanitizeText(text.normalize('NFKC')).replace(/[^\S\n]+/g, ' ');
}
