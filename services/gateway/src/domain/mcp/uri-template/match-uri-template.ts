import type { TemplateStep, UriTemplateProgram, ValueClass } from './parse-uri-template.js';

/** Counts the URI positions a match visited; tests use it to bound the work. */
export interface MatchMeter {
  positions: number;
}

/** Positions of the URI the steps so far can end at; undefined when there is none. */
type Positions = Uint8Array | undefined;

/**
 * Whether `uri` is an expansion of the template. No regular expression and no backtracking:
 * the set of positions the template can have reached is carried forward one step at a time,
 * each step one pass over the URI, so a match costs at most `program.passes × (uri.length + 1)`
 * position visits (plus the native comparisons of literals), whatever the input.
 */
export function matchesUriTemplate(
  program: UriTemplateProgram,
  uri: string,
  meter?: MatchMeter,
): boolean {
  if (!uri.startsWith(program.prefix)) return false;
  const start = new Uint8Array(uri.length + 1);
  start[0] = 1;
  const end = run(program.steps, start, { uri, meter });
  return end !== undefined && end[uri.length] === 1;
}

interface Input {
  uri: string;
  meter: MatchMeter | undefined;
}

function run(steps: readonly TemplateStep[], from: Positions, input: Input): Positions {
  let at = from;
  for (const step of steps) {
    if (at === undefined) return undefined;
    at = apply(step, at, input);
  }
  return at;
}

function apply(step: TemplateStep, from: Uint8Array, input: Input): Positions {
  switch (step.kind) {
    case 'literal':
      return afterLiteral(step.text, from, input);
    case 'value':
      return afterValue(step.valueClass, from, input);
    case 'optional':
      return union(from, run(step.steps, from, input), input);
    case 'query':
      return afterQuery(step, from, input);
  }
}

function afterLiteral(text: string, from: Uint8Array, input: Input): Positions {
  const { uri } = input;
  const next = new Uint8Array(uri.length + 1);
  let any = false;
  const last = uri.length - text.length;
  for (let at = 0; at <= last; at += 1) {
    if (from[at] === 1 && uri.startsWith(text, at)) {
      next[at + text.length] = 1;
      any = true;
    }
  }
  count(input);
  return any ? next : undefined;
}

/** A run of zero or more characters of the class, from any reachable position. */
function afterValue(valueClass: ValueClass, from: Uint8Array, input: Input): Positions {
  const { uri } = input;
  const allowed = ALLOWED[valueClass];
  const next = new Uint8Array(uri.length + 1);
  let open = false;
  for (let at = 0; at <= uri.length; at += 1) {
    open = from[at] === 1 || (open && allowed[uri.charCodeAt(at - 1)] === 1);
    if (open) next[at] = 1;
  }
  count(input);
  // `from` is not empty, and every reachable position is kept: the result is not empty either.
  return next;
}

/** {?a,b}: `none` has emitted no pair yet (the next one opens with `first`), `some` has. */
function afterQuery(
  step: Extract<TemplateStep, { kind: 'query' }>,
  from: Uint8Array,
  input: Input,
): Positions {
  const none = from;
  let some: Positions = undefined;
  for (const name of step.names) {
    const pair = (separator: string, at: Positions) =>
      run([LITERAL(`${separator}${name}=`), QUERY_VALUE], at, input);
    some = union(union(some, pair('&', some), input), pair(step.first, none), input);
  }
  return union(none, some, input);
}

function union(a: Positions, b: Positions, input: Input): Positions {
  if (a === undefined || b === undefined) return a ?? b;
  const next = new Uint8Array(a.length);
  for (let at = 0; at < a.length; at += 1) next[at] = a[at]! | b[at]!;
  count(input);
  return next;
}

function count(input: Input): void {
  if (input.meter !== undefined) input.meter.positions += input.uri.length + 1;
}

const LITERAL = (text: string): TemplateStep => ({ kind: 'literal', text });
const QUERY_VALUE: TemplateStep = { kind: 'value', valueClass: 'query' };

// Never unencoded in an expansion, whatever the operator.
const NEVER_IN_VALUES = '"<>\\^`|{}';

/**
 * The characters a value of each class may hold, indexed by char code: printable ASCII only (an
 * RFC 6570 expansion percent-encodes everything else: spaces, non-ASCII, NEVER_IN_VALUES) less
 * the delimiters that end a value of that class. Besides following the RFC, this keeps what a
 * template match forwards safe to carry in an upstream's `Mcp-Name` header.
 */
const ALLOWED: Readonly<Record<ValueClass, Uint8Array>> = {
  segment: allowedExcept('/?#'),
  path: allowedExcept('?#'),
  query: allowedExcept('#&'),
  reserved: allowedExcept(''),
};

function allowedExcept(stops: string): Uint8Array {
  const allowed = new Uint8Array(128);
  for (let code = 0x21; code <= 0x7e; code += 1) {
    const c = String.fromCharCode(code);
    allowed[code] = stops.includes(c) || NEVER_IN_VALUES.includes(c) ? 0 : 1;
  }
  return allowed;
}
