import { createInterface } from 'node:readline';

const COLORS = [36, 35, 33, 32, 34, 31];
const LEVEL_COLORS = { error: 31, warn: 33, info: 32, debug: 90 };
const HIDDEN_KEYS = new Set(['timestamp', 'level', 'message', 'service']);

export function useColor(stream) {
  return Boolean(stream.isTTY) && process.env.NO_COLOR === undefined;
}

function paint(enabled, code, text) {
  return enabled ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function formatValue(value) {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

/**
 * Turns a service's JSON log line into `time level message key=value …`; anything that is not
 * a JSON object (stack traces, npm noise) is passed through untouched.
 */
export function prettyLine(line, color) {
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return line;
  const time = typeof entry.timestamp === 'string' ? entry.timestamp.slice(11, 23) : '';
  const level = String(entry.level ?? '');
  const fields = Object.entries(entry)
    .filter(([key]) => !HIDDEN_KEYS.has(key))
    .map(([key, value]) => `${key}=${formatValue(value)}`)
    .join(' ');
  const levelText = paint(color, LEVEL_COLORS[level] ?? 0, level.padEnd(5));
  return [time, levelText, String(entry.message ?? ''), fields].filter(Boolean).join(' ');
}

/** Writes every line of `source` to `target`, prefixed with the process name. */
export function pipeWithPrefix(source, target, { name, index, width, pretty }) {
  const color = useColor(target);
  const prefix = paint(color, COLORS[index % COLORS.length], `${name.padEnd(width)} │`);
  const lines = createInterface({ input: source, crlfDelay: Infinity });
  lines.on('line', (line) => {
    target.write(`${prefix} ${pretty ? prettyLine(line, color) : line}\n`);
  });
}
