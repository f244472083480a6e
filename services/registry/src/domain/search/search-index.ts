import { queryTerms, tokenize } from './tokenize.js';

/** Field weights: a hit in a server's name says more than one in a long description. */
export const FIELD_WEIGHTS = {
  name: 5,
  toolNames: 4,
  tags: 3,
  capability: 3,
  description: 1,
  toolDescriptions: 1,
} as const;
export type SearchField = keyof typeof FIELD_WEIGHTS;

export interface SearchDocument {
  readonly id: string;
  readonly fields: Readonly<Record<SearchField, readonly string[]>>;
}

export interface SearchHit {
  readonly id: string;
  readonly score: number;
}

export interface SearchIndex {
  /** Ranked hits accepted by `accept`, at most `limit`; `accept` runs only until the page is full. */
  search(query: string, limit: number, accept?: (id: string) => boolean): SearchHit[];
}

// A prefix hit ("acc" → "accounts") counts for less than the whole word.
const PREFIX_FACTOR = 0.5;

/**
 * An inverted index: term → (document, best field weight). Terms are kept sorted so a query
 * term finds all terms it prefixes with a binary search and a short scan.
 */
export function buildSearchIndex(documents: readonly SearchDocument[]): SearchIndex {
  const postings = new Map<string, Map<number, number>>();
  documents.forEach((doc, index) => {
    for (const field of Object.keys(FIELD_WEIGHTS) as SearchField[]) {
      for (const term of tokenize(doc.fields[field].join(' '))) {
        const docs = postings.get(term) ?? new Map<number, number>();
        docs.set(index, Math.max(docs.get(index) ?? 0, FIELD_WEIGHTS[field]));
        postings.set(term, docs);
      }
    }
  });
  const vocabulary = [...postings.keys()].sort();
  return {
    search(query, limit, accept = () => true) {
      const ranked = rank(queryTerms(query), vocabulary, postings, documents);
      const hits: SearchHit[] = [];
      for (const candidate of ranked) {
        if (hits.length >= limit) break;
        if (accept(candidate.id)) hits.push(candidate);
      }
      return hits;
    },
  };
}

function rank(
  terms: readonly string[],
  vocabulary: readonly string[],
  postings: ReadonlyMap<string, ReadonlyMap<number, number>>,
  documents: readonly SearchDocument[],
): SearchHit[] {
  const scores = new Map<number, { score: number; matched: number }>();
  for (const term of terms) {
    const best = new Map<number, number>();
    for (let i = lowerBound(vocabulary, term); i < vocabulary.length; i += 1) {
      const candidate = vocabulary[i]!;
      if (!candidate.startsWith(term)) break;
      const factor = candidate === term ? 1 : PREFIX_FACTOR;
      for (const [doc, weight] of postings.get(candidate) ?? []) {
        best.set(doc, Math.max(best.get(doc) ?? 0, weight * factor));
      }
    }
    for (const [doc, score] of best) {
      const total = scores.get(doc) ?? { score: 0, matched: 0 };
      scores.set(doc, { score: total.score + score, matched: total.matched + 1 });
    }
  }
  // Documents matching more of the query rank first; then by score; ties by id, deterministically.
  return [...scores]
    .map(([doc, s]) => ({ id: documents[doc]!.id, score: s.score, matched: s.matched }))
    .sort((a, b) => b.matched - a.matched || b.score - a.score || compareIds(a.id, b.id))
    .map(({ id, score }) => ({ id, score }));
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function lowerBound(sorted: readonly string[], value: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
