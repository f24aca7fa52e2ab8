import type { Article, Unit } from '../../corpus/types.ts';
import { indexIn } from '../bits.ts';
import { questionTypes, sentenceTypes } from '../language/answer-type.ts';
import { impliedWords } from '../language/implied.ts';
import type { Lexicon } from '../language/lexicon.ts';
import { tokenize } from '../language/normalize.ts';
import { refersBack, splitSentences } from '../language/sentences.ts';
import { separablePrefixes } from '../language/stem.ts';
import { collectDefinedAcronyms, isAcronym, linkCompoundAcronyms } from './acronyms.ts';
import { type AnalyzedToken, analyzeText, opensSentence } from './analyze.ts';
import { collectRoles } from './coreference.ts';
import { createFuzzyVocabulary, type FuzzyVocabulary } from './fuzzy.ts';

/** A sentence: its unit, its offsets in the unit's text, and the answer types it can give. */
export interface IndexedSentence {
  readonly unit: number;
  readonly start: number;
  readonly end: number;
  readonly types: number;
  /** It opens with a word pointing back at the sentence before it in its unit ("Er …", "Dort …"). */
  readonly refersBack: boolean;
  /** Content words in the sentence, relative to the article's average (length normalization). */
  readonly relativeLength: number;
  /** How many content words it has. */
  readonly wordCount: number;
  /** Its words' terms: the first one's place in the article's term list (`wordTerms`), and how many. */
  readonly firstTerm: number;
  readonly termCount: number;
}

/** A unit with what ranking needs, computed once at load. */
export interface IndexedUnit {
  readonly unit: Unit;
  /**
   * For an FAQ entry: its question's terms (by id) with their inverse unit frequency (how much each
   * tells); `implied` for the terms of what it asks without saying it ("darf man": erlaubt, implied.ts).
   */
  readonly questionTerms: readonly { readonly id: number; readonly idf: number; readonly implied: boolean }[];
  /** For an FAQ entry: the kinds of answer its question asks for (answer-type.ts), 0 for none. */
  readonly questionTypes: number;
}

/** Where a term occurs: units whose text has it, units whose heading only has it, and sentences. */
export interface Posting {
  /** The term's number in this article (0 … termCount − 1), for per-question tables. */
  readonly id: number;
  readonly units: Int32Array;
  readonly headingUnits: Int32Array;
  readonly sentences: Int32Array;
  /** Every occurrence is a noun (capitalized inside a sentence): no verb of the question means it. */
  readonly noun: boolean;
}

/** Everything the matcher knows about one article, built once when it is first needed. */
export interface ArticleIndex {
  readonly article: Article;
  readonly units: readonly IndexedUnit[];
  readonly sentences: readonly IndexedSentence[];
  /** Content words in the longest sentence (scratch space for proximity). */
  readonly longestSentence: number;
  /** Distinct terms of the article (posting ids run from 0 to this). */
  readonly termCount: number;
  /**
   * The terms of the article's content words in order, as term ids, and for each the place of its
   * word in its sentence (a word's terms stand side by side, at one place): closeness is read in one
   * pass over a sentence's terms.
   */
  readonly wordTerms: Int32Array;
  readonly termPlaces: Int32Array;
  /**
   * Every posting, flat: posting id `local`'s from `postingStarts[local]` in `postingData`: its unit
   * count, units, heading-unit count, heading units, then its sentences up to `postingStarts[local + 1]`
   * (what {@link postingAt} cuts into a Posting). Ranking reads them here: the Posting's arrays are
   * objects of their own, cache lines more to read for each term of each question.
   */
  readonly postingStarts: Int32Array;
  readonly postingData: Int32Array;
  /** Each unit's sentences: the first index in `sentences` and how many. */
  readonly unitSentences: readonly { readonly first: number; readonly count: number }[];
  /**
   * The article's terms (posting ids) in thesaurus set `id`, or undefined when it has none there:
   * a question word's synonyms in this article without looking up every member of its sets. Built
   * on first use from the article's terms (index data, like the typo vocabulary; not forgotten).
   */
  synonymTerms(id: number): Int32Array | undefined;
  /** The term with posting id `local`. */
  termAt(local: number): string;
  /** The posting of the term with posting id `local` (0 … termCount − 1). */
  postingAt(local: number): Posting;
  /** The article's terms that are the stem with a separable prefix (seh → anseh), if any. */
  prefixedForms(stem: string): readonly string[] | undefined;
  /** What an acronym stands for in this article, or the acronym of a long form (acronyms.ts): GDL ↔ gewerkschaft, em ↔ europameisterschaft. */
  acronymsOf(term: string): readonly string[] | undefined;
  /** The article's compounds whose parts' initials are `letters` (em: Europameisterschaft), for an acronym it does not write. */
  compoundsWithInitials(letters: string): readonly string[] | undefined;
  /** The article's terms that begin with `prefix` (ascending), for word families (legal → legalisier). */
  termsStartingWith(prefix: string): readonly string[];
  /** The article's terms that hold `part` after a first part of at least `from` letters (teillegalisier holds legal). */
  termsContaining(part: string, from: number): readonly string[];
  /** The terms of the names a role term stands for in this article (coreference.ts); none mostly. */
  namesFor(term: string): readonly string[] | undefined;
  /** Where a term (stem) occurs, or undefined when the article lacks it. */
  posting(term: string): Posting | undefined;
  /** Whether the article has the term. */
  has(term: string): boolean;
  /** Inverse unit frequency (BM25's idf) of a term; absent terms get the highest. */
  idf(term: string): number;
  /** Folded surface word → its stem, for the words fuse.js may match a typo to (built on first use). */
  vocabulary(): ReadonlyMap<string, string>;
  /** Typo-tolerant look-up in the article's words (built on first use). */
  readonly fuzzy: FuzzyVocabulary;
  /**
   * Forgets the typo look-ups the index remembers (the benchmark measures cold questions this way).
   * What a question module remembers per index is its own (query.ts: `forgetConcepts`).
   */
  forget(): void;
}

interface PostingBuilder {
  term: string;
  /** Seen in a form that is not a noun: lower case, or opening a sentence (unknown). */
  notNoun: boolean;
  units: Set<number>;
  headingUnits: Set<number>;
  sentences: number[];
}

/**
 * Indexes an article: postings of its terms, sentence spans and types, the typo vocabulary.
 * Compact, for newsrooms with thousands of articles: terms are the lexicon's process-wide numbers
 * (sorted, searched by bisection), postings one integer array, the typo vocabulary built on demand.
 */
export function indexArticle(article: Article, lexicon: Lexicon): ArticleIndex {
  const builders = new Map<number, PostingBuilder>();
  const surface = new Map<string, string>();
  const sentences: IndexedSentence[] = [];
  const posting = (term: string): PostingBuilder => {
    const id = lexicon.termId(term);
    let p = builders.get(id);
    if (!p) {
      p = { term, notNoun: false, units: new Set(), headingUnits: new Set(), sentences: [] };
      builders.set(id, p);
    }
    return p;
  };
  const isKnownWord = (folded: string): boolean => lexicon.articleWord(folded, true).known;
  const aliases = new Map<string, string[]>();
  // Acronyms: those the article writes, its compounds (term → parts), and what stands for what.
  const acronymAliases = new Map<string, string[]>();
  const acronymsSeen = new Set<string>();
  const compounds = new Map<string, readonly string[]>();
  const noteAcronym = (token: AnalyzedToken, text: string): void => {
    if (isAcronym(text.slice(token.start, token.end))) acronymsSeen.add(token.term);
    else if (token.capitalized && token.terms.length > 0) {
      const parts = lexicon.articleWord(token.term, true).parts;
      if (parts !== undefined && parts.length <= 3) compounds.set(token.terms[0] as string, parts);
    }
  };

  const headings: AnalyzedToken[][] = [];
  const words: string[][] = [];
  const termPlaces: number[] = [];
  const unitSentences: { first: number; count: number }[] = [];
  /** Notes a token of a unit's text or heading: its surface word, acronym, and postings (`place` says where). */
  const noteToken = (token: AnalyzedToken, text: string, place: (p: PostingBuilder) => void): void => {
    if (token.terms.length === 0) return;
    if (!surface.has(token.term)) surface.set(token.term, token.terms[0] ?? token.term);
    noteAcronym(token, text);
    const noun = token.capitalized && !opensSentence(text, token.start);
    for (const term of token.terms) {
      const p = posting(term);
      place(p);
      if (!noun) p.notNoun = true;
    }
  };
  article.units.forEach((unit, u) => {
    const tokens = analyzeText(unit.text, lexicon);
    // A name: capitalized mid-sentence, neither a known word nor a compound of known words.
    const isName = (t: AnalyzedToken): boolean => {
      if (!t.capitalized || t.terms.length === 0) return false;
      const info = lexicon.articleWord(t.term, true);
      return !info.known && info.parts === undefined && !opensSentence(unit.text, t.start);
    };
    const first = sentences.length;
    const inText = (p: PostingBuilder): void => {
      p.units.add(u);
    };
    for (const token of tokens) noteToken(token, unit.text, inText);
    let next = 0;
    for (const span of splitSentences(unit.text)) {
      // Tokens and sentences are both in text order: one pass assigns each token to its sentence.
      while (next < tokens.length && (tokens[next]?.start ?? 0) < span.start) next += 1;
      const from = next;
      while (next < tokens.length && (tokens[next]?.end ?? 0) <= span.end) next += 1;
      const inside = joinParticles(tokens.slice(from, next), unit.text, lexicon);
      for (const token of inside) {
        // A joined verb's whole (abheben of "hob … ab") is a verb, as its token is.
        const noun = token.capitalized && !opensSentence(unit.text, token.start);
        for (const term of token.terms) {
          const p = posting(term);
          p.units.add(u);
          if (!noun) p.notNoun = true;
        }
      }
      const s = sentences.length;
      const seen = new Set<string>();
      for (const token of inside)
        for (const term of token.terms)
          if (!seen.has(term)) {
            seen.add(term);
            posting(term).sentences.push(s);
          }
      collectRoles(inside, unit.text, isName, (t) => lexicon.articleWord(t.term, true).stems, aliases);
      collectDefinedAcronyms(inside, unit.text, acronymAliases);
      const local = inside.map((t) => ({ ...t, start: t.start - span.start, end: t.end - span.start }));
      const firstWord = words.length;
      const firstTerm = termPlaces.length;
      for (const token of inside) {
        if (token.terms.length === 0) continue;
        // Each term at its word's place in the sentence.
        for (let k = 0; k < token.terms.length; k += 1) termPlaces.push(words.length - firstWord);
        words.push([...token.terms]);
      }
      const wordCount = words.length - firstWord;
      const termCount = termPlaces.length - firstTerm;
      const types = sentenceTypes(local, unit.text.slice(span.start, span.end), isKnownWord);
      const back = s > first && refersBack(inside[0]?.term ?? '');
      sentences.push({ unit: u, start: span.start, end: span.end, types, refersBack: back, relativeLength: wordCount, wordCount, firstTerm, termCount });
    }
    unitSentences.push({ first, count: sentences.length - first });
    const heading = analyzeText(unit.heading, lexicon);
    headings.push(heading);
    // A heading's terms count for the unit only where its text lacks them.
    const inHeading = (p: PostingBuilder): void => {
      if (!p.units.has(u)) p.headingUnits.add(u);
    };
    for (const token of heading) noteToken(token, unit.heading, inHeading);
  });

  linkCompoundAcronyms(compounds, acronymsSeen, acronymAliases);
  const byInitials = new Map<string, string[]>();
  for (const [term, parts] of compounds) {
    const initials = parts.map((part) => part[0] ?? '').join('');
    byInitials.set(initials, [...(byInitials.get(initials) ?? []), term]);
  }

  // Terms sorted by their process-wide number; an article's term id is its place in that order.
  const terms = Int32Array.from(builders.keys()).sort();
  const localOf = new Map<string, number>();
  const starts = new Int32Array(terms.length + 1);
  const data: number[] = [];
  const nounTerms: number[] = [];
  // Verbs with a separable prefix, by the stem without it: a question's "sieht" finds "angesehen".
  const prefixed = new Map<string, string[]>();
  // The thesaurus sets the article's terms are in: a question word's other sets need no look-ups.
  const synonymSets = new Set<number>();
  terms.forEach((global, local) => {
    const p = builders.get(global) as PostingBuilder;
    localOf.set(p.term, local);
    for (const id of synonymSetsOfTerm(p.term, lexicon)) synonymSets.add(id);
    if (p.notNoun) {
      for (const prefix of separablePrefixes) {
        if (!p.term.startsWith(prefix) || p.term.length - prefix.length < 3) continue;
        const base = p.term.slice(prefix.length);
        const list = prefixed.get(base);
        if (list) list.push(p.term);
        else prefixed.set(base, [p.term]);
      }
    }
    starts[local] = data.length;
    if (!p.notNoun) nounTerms.push(local);
    data.push(p.units.size, ...p.units, p.headingUnits.size, ...p.headingUnits, ...p.sentences);
  });
  starts[terms.length] = data.length;
  const postingData = Int32Array.from(data);
  const wordTerms: number[] = [];
  for (const list of words) for (const term of list) wordTerms.push(localOf.get(term) ?? 0);
  const n = article.units.length;
  const idfOf = (local: number): number => idfAt(postingData, starts, local, n);
  // Lengths relative to the article's average sentence.
  const averageWords = sentences.reduce((sum, x) => sum + x.relativeLength, 0) / Math.max(1, sentences.length);
  const normalized = sentences.map((x) => ({ ...x, relativeLength: x.relativeLength / Math.max(1, averageWords) }));
  const units = article.units.map((unit, u): IndexedUnit => {
    if (unit.kind !== 'faq') return { unit, questionTerms: [], questionTypes: 0 };
    const said = [...new Set((headings[u] ?? []).flatMap((t) => t.terms))];
    const questionTerms = said.map((term) => {
      const local = localOf.get(term) ?? -1;
      return { id: local, idf: idfOf(local), implied: false };
    });
    const words = tokenize(unit.heading).map((t) => t.term);
    const asking = new Uint8Array(words.length);
    const types = questionTypes(words, asking);
    // What the question asks without saying it, where the article has a word for it.
    for (const word of impliedWords(words, types, asking).flat())
      for (const stem of lexicon.articleWord(word, false).stems) {
        const local = localOf.get(stem);
        if (local !== undefined && !questionTerms.some((t) => t.id === local)) questionTerms.push({ id: local, idf: idfOf(local), implied: true });
      }
    return { unit, questionTerms, questionTypes: types };
  });
  // Built apart: the closures of the index must not hold on to this function's builders.
  return assembleIndex({
    article,
    lexicon,
    units,
    sentences: normalized,
    unitSentences,
    terms,
    starts,
    postingData,
    wordTerms: Int32Array.from(wordTerms),
    termPlaces: Int32Array.from(termPlaces),
    surfaceWords: [...surface.keys()],
    surfaceStems: [...surface.values()],
    aliases,
    acronymAliases,
    byInitials,
    prefixed,
    synonymSets: Int32Array.from(synonymSets).sort(),
    nounTerms: Int32Array.from(nounTerms),
  });
}

/** Punctuation that closes a clause: a separable verb's particle stands right before it. */
const clauseEnd = /^\s*(?:[.,;:!?)\u201c\u201d"]|$)/;

/**
 * A sentence's tokens with split separable verbs joined: in "Die Vermittler schlugen vor, …" and
 * "Sechsmal rief die Gewerkschaft … zum Ausstand auf." the verb's token also gets the terms of the
 * whole verb (vorschlagen, so the noun Vorschlag finds it; aufrufen), as a question's "nimmt … teil" is read.
 */
function joinParticles(tokens: readonly AnalyzedToken[], text: string, lexicon: Lexicon): AnalyzedToken[] {
  let joined: AnalyzedToken[] | undefined;
  for (let k = 1; k < tokens.length; k += 1) {
    const particle = tokens[k] as AnalyzedToken;
    if (particle.capitalized || !separablePrefixes.has(particle.term) || !clauseEnd.test(text.slice(particle.end, particle.end + 3))) continue;
    // The finite verb: the nearest lower-case word before it in the same clause whose joined form is a known word.
    for (let j = k - 1; j >= 0; j -= 1) {
      const verb = tokens[j] as AnalyzedToken;
      if (text.slice(verb.end, tokens[j + 1]?.start ?? verb.end).includes(',')) break;
      if (verb.capitalized || verb.terms.length === 0) continue;
      const whole = lexicon.articleWord(particle.term + verb.term, false);
      if (!whole.known) continue;
      joined ??= [...tokens];
      joined[j] = { ...verb, terms: [...new Set([...verb.terms, ...whole.stems])] };
      break;
    }
  }
  return joined ?? [...tokens];
}

/** The finished parts of an index. */
interface IndexParts {
  readonly article: Article;
  readonly lexicon: Lexicon;
  readonly units: readonly IndexedUnit[];
  readonly sentences: readonly IndexedSentence[];
  readonly unitSentences: readonly { readonly first: number; readonly count: number }[];
  readonly terms: Int32Array;
  readonly starts: Int32Array;
  readonly postingData: Int32Array;
  readonly wordTerms: Int32Array;
  readonly termPlaces: Int32Array;
  readonly surfaceWords: readonly string[];
  readonly surfaceStems: readonly string[];
  readonly aliases: ReadonlyMap<string, readonly string[]>;
  readonly acronymAliases: ReadonlyMap<string, readonly string[]>;
  readonly byInitials: ReadonlyMap<string, readonly string[]>;
  readonly prefixed: ReadonlyMap<string, readonly string[]>;
  /** Numbers of the thesaurus sets the article's terms are in, ascending. */
  readonly synonymSets: Int32Array;
  /** Local ids of the terms that occur as nouns only, ascending. */
  readonly nounTerms: Int32Array;
}

/** The synonym sets an article's term stands in for: none for a stop word's stem (gut, einig), which is no one's synonym. */
function synonymSetsOfTerm(term: string, lexicon: Lexicon): readonly number[] {
  return lexicon.isStopStem(term) ? noSynonymSets : lexicon.synonymSetsOf(term);
}

const noSynonymSets: readonly number[] = Object.freeze([]);

function idfAt(postingData: Int32Array, starts: Int32Array, local: number, units: number): number {
  let df = 0;
  if (local >= 0) {
    const at = starts[local] as number;
    const unitCount = postingData[at] as number;
    df = unitCount + (postingData[at + 1 + unitCount] as number);
  }
  return Math.log(1 + (units - df + 0.5) / (df + 0.5));
}

function assembleIndex(parts: IndexParts): ArticleIndex {
  const { article, lexicon, terms, starts, postingData, surfaceWords, surfaceStems } = parts;
  const localId = (term: string): number => {
    const global = lexicon.knownTermId(term);
    return global === undefined ? -1 : indexIn(terms, global);
  };
  const postingAt = (local: number): Posting => {
    const at = starts[local] as number;
    const unitCount = postingData[at] as number;
    const headingAt = at + 1 + unitCount;
    const headingCount = postingData[headingAt] as number;
    return {
      id: local,
      units: postingData.subarray(at + 1, headingAt),
      headingUnits: postingData.subarray(headingAt + 1, headingAt + 1 + headingCount),
      sentences: postingData.subarray(headingAt + 1 + headingCount, starts[local + 1]),
      noun: indexIn(parts.nounTerms, local) >= 0,
    };
  };
  // The typo vocabulary: surface words and their stems, kept as two arrays until a typo is looked up.
  let vocabulary: Map<string, string> | undefined;
  let fuzzyVocabulary: FuzzyVocabulary | undefined;
  const vocabularyMap = (): Map<string, string> => {
    vocabulary ??= new Map(surfaceWords.map((word, i) => [word, surfaceStems[i] ?? word]));
    return vocabulary;
  };
  const fuzzy: FuzzyVocabulary = {
    lookup(word) {
      fuzzyVocabulary ??= createFuzzyVocabulary(surfaceWords);
      return fuzzyVocabulary.lookup(word);
    },
    forget: () => fuzzyVocabulary?.forget(),
  };
  // Each thesaurus set the article touches (parts.synonymSets, ascending) → its terms there, as one
  // array cut by offsets: built when a question first looks for synonyms in this article.
  let setTerms: { offsets: Int32Array; locals: Int32Array } | undefined;
  const termsBySet = (): { offsets: Int32Array; locals: Int32Array } => {
    if (setTerms) return setTerms;
    const sets = parts.synonymSets;
    const offsets = new Int32Array(sets.length + 1);
    const setsOf = (local: number): readonly number[] => synonymSetsOfTerm(lexicon.termName(terms[local] as number), lexicon);
    for (let local = 0; local < terms.length; local += 1) {
      for (const id of setsOf(local)) {
        const at = indexIn(sets, id) + 1;
        offsets[at] = (offsets[at] as number) + 1;
      }
    }
    for (let i = 0; i < sets.length; i += 1) offsets[i + 1] = (offsets[i + 1] as number) + (offsets[i] as number);
    const next = offsets.slice(0, sets.length);
    const locals = new Int32Array(offsets[sets.length] as number);
    for (let local = 0; local < terms.length; local += 1) {
      for (const id of setsOf(local)) {
        const at = indexIn(sets, id);
        locals[next[at] as number] = local;
        next[at] = (next[at] as number) + 1;
      }
    }
    setTerms = { offsets, locals };
    return setTerms;
  };
  const units = article.units.length;
  // The article's terms in alphabetical order, built on first use.
  let sortedTerms: string[] | undefined;
  return {
    article,
    units: parts.units,
    sentences: parts.sentences,
    longestSentence: parts.sentences.reduce((max, x) => Math.max(max, x.wordCount), 0),
    termCount: terms.length,
    wordTerms: parts.wordTerms,
    termPlaces: parts.termPlaces,
    postingStarts: starts,
    postingData,
    unitSentences: parts.unitSentences,
    synonymTerms(id) {
      const at = indexIn(parts.synonymSets, id);
      if (at < 0) return undefined;
      const { offsets, locals } = termsBySet();
      return locals.subarray(offsets[at], offsets[at + 1]);
    },
    termAt: (local) => lexicon.termName(terms[local] as number),
    postingAt,
    prefixedForms: (stem) => (parts.prefixed.size === 0 ? undefined : parts.prefixed.get(stem)),
    namesFor: (term) => (parts.aliases.size === 0 ? undefined : parts.aliases.get(term)),
    termsStartingWith(prefix) {
      sortedTerms ??= Array.from(terms, (id) => lexicon.termName(id)).sort();
      let low = 0;
      let high = sortedTerms.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if ((sortedTerms[mid] as string) < prefix) low = mid + 1;
        else high = mid;
      }
      const found: string[] = [];
      for (let i = low; i < sortedTerms.length && (sortedTerms[i] as string).startsWith(prefix); i += 1) found.push(sortedTerms[i] as string);
      return found;
    },
    termsContaining(part, from) {
      sortedTerms ??= Array.from(terms, (id) => lexicon.termName(id)).sort();
      return sortedTerms.filter((term) => term.indexOf(part, from) >= from);
    },
    acronymsOf: (term) => (parts.acronymAliases.size === 0 ? undefined : parts.acronymAliases.get(term)),
    compoundsWithInitials: (letters) => (parts.byInitials.size === 0 ? undefined : parts.byInitials.get(letters)),
    posting(term) {
      const local = localId(term);
      return local < 0 ? undefined : postingAt(local);
    },
    has: (term) => localId(term) >= 0,
    idf: (term) => idfAt(postingData, starts, localId(term), units),
    vocabulary: vocabularyMap,
    fuzzy,
    forget: () => fuzzy.forget(),
  };
}
