/** At most this many distinct query terms are used; the rest cannot change a ranking much. */
export const MAX_QUERY_TERMS = 12;
const MAX_TERM_LENGTH = 64;

/**
 * Lowercase word terms for the search index and for queries, so both sides split the same way:
 * on anything that is not a letter or digit (snake_case, kebab-case, dots) and at camelCase
 * humps, so `searchAccounts`, `search_accounts` and "search accounts" all find each other.
 */
export function tokenize(text: string): string[] {
  const spaced = text.replace(/(\p{Ll}|\p{Nd})(\p{Lu})/gu, '$1 $2');
  const terms = new Set<string>();
  for (const raw of spaced.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length > 0) terms.add(raw.slice(0, MAX_TERM_LENGTH));
  }
  return [...terms];
}

export function queryTerms(query: string): string[] {
  return tokenize(query).slice(0, MAX_QUERY_TERMS);
}
