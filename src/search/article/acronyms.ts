import type { AnalyzedToken } from './analyze.ts';

/**
 * Acronyms and what they stand for in one article: "Gewerkschaft Deutscher Lokomotivführer (GDL)"
 * makes GDL the Gewerkschaft; "EM" is the initials of the compound Europa-meisterschaft. A reader
 * who writes the one finds the other.
 */
export const acronymDefaults = Object.freeze({
  /** How much the long form counts for the acronym, and back: the same thing, named otherwise. */
  weight: 0.9,
  minLetters: 2,
  maxLetters: 6,
});

/** Whether a word as written is an acronym: two to six capitals (GDL, UEFA, EM). */
export function isAcronym(written: string): boolean {
  return written.length >= acronymDefaults.minLetters && written.length <= acronymDefaults.maxLetters && /^\p{Lu}+$/u.test(written);
}

/** An inflected adjective by its form: -isch, -lich, -ig … with an ending (deutscher, europaische, wichtigen). */
function looksAdjective(folded: string): boolean {
  return /(isch|sch|lich|ig|bar|sam|al|ell|iv)(e|er|en|es|em)$/.test(folded);
}

/** Adds `a` ↔ `b` to the alias map, both ways. */
function link(aliases: Map<string, string[]>, a: string, b: string): void {
  if (a === b) return;
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    const list = aliases.get(from) ?? [];
    if (!list.includes(to)) list.push(to);
    aliases.set(from, list);
  }
}

/**
 * Collects from one sentence's tokens (`text` is their text) the long forms of acronyms given in
 * parentheses: the capitalized words before "(GDL)" whose initials spell it. Each long-form term
 * (and the acronym) is linked both ways in `aliases`.
 */
export function collectDefinedAcronyms(tokens: readonly AnalyzedToken[], text: string, aliases: Map<string, string[]>): void {
  for (let i = 1; i < tokens.length; i += 1) {
    const token = tokens[i] as AnalyzedToken;
    const written = text.slice(token.start, token.end);
    if (!isAcronym(written) || text[token.start - 1] !== '(' || text[token.end] !== ')') continue;
    const letters = written.toLowerCase();
    // Walk back over the words before the parenthesis, matching initials from the last letter.
    let want = letters.length - 1;
    const words: AnalyzedToken[] = [];
    for (let j = i - 1; j >= 0 && want >= 0 && i - j <= letters.length + 3; j -= 1) {
      const word = tokens[j] as AnalyzedToken;
      const initial = text[word.start]?.toLowerCase() ?? '';
      if (word.capitalized && initial === letters[want]) {
        words.unshift(word);
        want -= 1;
      } else if (word.capitalized || word.terms.length > 0) break;
    }
    if (want >= 0) continue;
    // The long form's nouns name it; its adjectives (Deutscher, Europäische) do not.
    for (const word of words) if (!looksAdjective(word.term)) for (const term of word.terms.slice(0, 1)) link(aliases, token.term, term);
  }
}

/**
 * Links an acronym written in the article to the compounds of the article whose parts' initials spell
 * it (EM ↔ Europameisterschaft = europa + meisterschaft). `compounds` maps a compound's term to its
 * parts' folded forms; `acronyms` are the folded acronyms the article uses.
 */
export function linkCompoundAcronyms(compounds: ReadonlyMap<string, readonly string[]>, acronyms: ReadonlySet<string>, aliases: Map<string, string[]>): void {
  for (const [term, parts] of compounds) {
    const initials = parts.map((p) => p[0] ?? '').join('');
    if (acronyms.has(initials)) link(aliases, initials, term);
  }
}
