/**
 * What a matched variable value may contain, by the RFC 6570 operator that expanded it:
 * `segment` ({var}, {/var}, {.var}) stops at `/ ? #`, `path` ({/var*}) at `? #`, `query`
 * ({?var}, {&var}) at `# &`, `reserved` ({+var}, {#var}) at none of them. Every class holds
 * printable ASCII only, never `" < > \ ^ | { }` or a backtick: an expansion percent-encodes them.
 */
export type ValueClass = 'segment' | 'path' | 'query' | 'reserved';

/**
 * One step of a compiled template. Matching only answers "is this URI an expansion of the
 * template", so variables are not captured and a list like {a,b} is one run of its class.
 */
export type TemplateStep =
  | { kind: 'literal'; text: string }
  | { kind: 'value'; valueClass: ValueClass }
  /** Nothing, or the steps in order (a variable that may be undefined). */
  | { kind: 'optional'; steps: readonly TemplateStep[] }
  /** {?a,b} / {&a,b}: `?a=…&b=…` with any of the variables left out, in template order. */
  | { kind: 'query'; first: '?' | '&'; names: readonly string[] };

export interface UriTemplateProgram {
  steps: readonly TemplateStep[];
  /** Passes over the URI one match costs at most; each pass visits every position once. */
  passes: number;
  /** The literal every expansion starts with: a cheap first filter. */
  prefix: string;
}

/** Longer templates never match (discovery flags URI templates over 2,048 characters). */
export const MAX_TEMPLATE_CHARS = 2_048;
/** A template that would cost more passes never matches; bounds the work of one match. */
export const MAX_TEMPLATE_PASSES = 256;

/**
 * Compiles an RFC 6570 template for matching, or undefined when it uses anything outside the
 * supported subset — such a template never matches. Supported: literals; expressions with no
 * operator, `+`, `#`, `.`, `/`, `?` and `&`; variable lists; explode (`*`) except on `?`/`&`.
 * Not supported: prefix modifiers (`{var:3}`), the `;` operator, the reserved operators
 * `= , ! @ |`, and malformed templates (unbalanced or nested braces, bad variable names).
 */
export function parseUriTemplate(template: string): UriTemplateProgram | undefined {
  if (template.length > MAX_TEMPLATE_CHARS) return undefined;
  const steps: TemplateStep[] = [];
  let literal = '';
  let at = 0;
  // Each turn consumes at least one character, so this ends within template.length turns.
  while (at < template.length) {
    const open = template.indexOf('{', at);
    const text = template.slice(at, open === -1 ? template.length : open);
    if (text.includes('}')) return undefined;
    literal += text;
    if (open === -1) break;
    const close = template.indexOf('}', open + 1);
    if (close === -1) return undefined;
    const expression = expressionSteps(template.slice(open + 1, close));
    if (expression === undefined) return undefined;
    if (literal !== '') steps.push({ kind: 'literal', text: literal });
    literal = '';
    steps.push(...expression);
    at = close + 1;
  }
  if (literal !== '') steps.push({ kind: 'literal', text: literal });
  const passes = countPasses(steps);
  if (passes > MAX_TEMPLATE_PASSES) return undefined;
  const first = steps[0];
  return { steps, passes, prefix: first?.kind === 'literal' ? first.text : '' };
}

const literal = (text: string): TemplateStep => ({ kind: 'literal', text });
const value = (valueClass: ValueClass): TemplateStep => ({ kind: 'value', valueClass });
const optional = (...steps: TemplateStep[]): TemplateStep => ({ kind: 'optional', steps });

function expressionSteps(body: string): TemplateStep[] | undefined {
  if (body.includes('{')) return undefined;
  const operator = /^[+#./;?&=,!@|]/.test(body) ? body.charAt(0) : '';
  const specs = body.slice(operator.length).split(',');
  const names: string[] = [];
  let explode = false;
  for (const spec of specs) {
    const exploded = spec.endsWith('*');
    const name = exploded ? spec.slice(0, -1) : spec;
    if (!isVarName(name)) return undefined;
    explode ||= exploded;
    names.push(name);
  }
  switch (operator) {
    case '':
      return [value('segment')];
    case '+':
      return [value('reserved')];
    case '#':
      return [optional(literal('#'), value('reserved'))];
    // Dots are unreserved, so `.a.b` is one dot and a segment run: one optional covers the list.
    case '.':
      return [optional(literal('.'), value('segment'))];
    case '/':
      return explode
        ? [optional(literal('/'), value('path'))]
        : names.map(() => optional(literal('/'), value('segment')));
    case '?':
    case '&':
      return explode ? undefined : [{ kind: 'query', first: operator, names }];
    default:
      return undefined;
  }
}

/** RFC 6570 varname: varchars (ALPHA, DIGIT, `_`, pct-encoded) with single dots between. */
function isVarName(name: string): boolean {
  if (name === '' || name.startsWith('.') || name.endsWith('.') || name.includes('..')) {
    return false;
  }
  for (let i = 0; i < name.length; i += 1) {
    const c = name.charAt(i);
    if (/[A-Za-z0-9_.]/.test(c)) continue;
    if (c === '%' && /^[0-9A-Fa-f]{2}$/.test(name.slice(i + 1, i + 3))) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

/** Mirrors the matcher: one pass per literal and value, one per union, six per query name. */
function countPasses(steps: readonly TemplateStep[]): number {
  let passes = 0;
  for (const step of steps) {
    if (step.kind === 'optional') passes += 1 + countPasses(step.steps);
    else if (step.kind === 'query') passes += 1 + 6 * step.names.length;
    else passes += 1;
  }
  return passes;
}
