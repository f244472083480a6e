// Characters a reviewer cannot see or that a terminal would interpret; shown as \u{…} instead.
const UNSAFE =
  // eslint-disable-next-line no-misleading-character-class -- lists lone invisible marks on purpose
  /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}\u034F\u115F\u1160\u17B4\u17B5\u3164\uFFA0\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u;

export const MAX_EXCERPT = 120;

/** One code point as safe display text. */
function escapeCodePoint(char: string): string {
  if (char === '\n') return '\\n';
  if (char === '\t') return '\\t';
  if (char === '\\') return '\\\\';
  if (!UNSAFE.test(char)) return char;
  return `\\u{${char.codePointAt(0)!.toString(16).toUpperCase()}}`;
}

/** Escapes any text for display; the result contains no invisible or control characters. */
export function escapeForDisplay(text: string): string {
  return Array.from(text, escapeCodePoint).join('');
}

/**
 * A short, escaped window of `text` around code-unit offset `index`: at most MAX_EXCERPT
 * characters, never splitting an escape or a surrogate pair, with '…' marking cuts.
 */
export function excerptAround(text: string, index: number): string {
  const before = Array.from(text.slice(0, index));
  const start = Math.max(0, before.length - 30);
  const codePoints = Array.from(text).slice(start);
  let result = start > 0 ? '…' : '';
  for (let i = 0; i < codePoints.length; i += 1) {
    const piece = escapeCodePoint(codePoints[i]!);
    const isLast = i === codePoints.length - 1;
    if (result.length + piece.length > MAX_EXCERPT - (isLast ? 0 : 1)) return `${result}…`;
    result += piece;
  }
  return result;
}
