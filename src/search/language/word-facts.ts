/**
 * What reading a question asks of each of its words, as bits of one number a word: found with one
 * look-up a word in one dense table (lexicon.ts, over word-table.ts) rather than one look-up a word
 * list, since between two questions of a server the CPU caches are gone and each look-up costs cache
 * misses. Each module names the facts of its own words (answer-type.ts, implied.ts); the three
 * lowest bits are the stop lists' (StopList in lexicon.ts).
 */
export const WordFact = {
  /** Begins a question phrase ("wie" of "wie viele", "welchem" of "welchem Jahr"): answer-type.ts. */
  phraseStart: 8,
  /** A verb of saying, asking what someone said: answer-type.ts. */
  saying: 16,
  /** A form of "dürfen": implied.ts. */
  may: 32,
  /** A word negating it: implied.ts. */
  negation: 64,
} as const;

/** Words with their facts (WordFact bits), as a module lists its own for the lexicon's table. */
export type WordFacts = Iterable<readonly [string, number]>;

/** The words of `list`, each with the fact `bit`. */
export function withFact(list: Iterable<string>, bit: number): [string, number][] {
  return Array.from(list, (word): [string, number] => [word, bit]);
}
