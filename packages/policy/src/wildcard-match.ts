/**
 * Full-string wildcard match for argument values: '*' is any run of characters (including
 * '/'), '?' exactly one. Not a regular expression on purpose: the value comes from the agent,
 * and a policy author's regex would put catastrophic backtracking on the hot path. This greedy
 * two-pointer walk is O(pattern × value) in the worst case and allocates nothing.
 */
export function wildcardMatch(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let starP = -1;
  let starV = 0;
  while (v < value.length) {
    const pc = pattern.charCodeAt(p);
    if (p < pattern.length && pc === STAR) {
      starP = p++;
      starV = v;
    } else if (p < pattern.length && (pc === QUESTION || pc === value.charCodeAt(v))) {
      p++;
      v++;
    } else if (starP !== -1) {
      p = starP + 1;
      v = ++starV;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern.charCodeAt(p) === STAR) p++;
  return p === pattern.length;
}

const STAR = 42;
const QUESTION = 63;
