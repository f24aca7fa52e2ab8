import { acronymDefaults } from '../article/acronyms.ts';
import type { ArticleIndex, Posting } from '../article/article-index.ts';
import { coreferenceDefaults } from '../article/coreference.ts';
import { editDistance, fuzzyDefaults, maxEdits } from '../article/fuzzy.ts';
import { askedNounTypes, isMonth, questionTypes } from '../language/answer-type.ts';
import { compoundDefaults, knownHead, linkingSuffixes, notKindPrefixes } from '../language/compound.ts';
import { impliedWords } from '../language/implied.ts';
import type { QueryLanguage } from '../language/languages.ts';
import type { Lexicon } from '../language/lexicon.ts';
import { detectLanguage, StopList } from '../language/lexicon.ts';
import { type Token, tokenize } from '../language/normalize.ts';
import { placesDefaults } from '../language/places.ts';
import { separablePrefixes, stemGerman } from '../language/stem.ts';
import { type Dictionary, foldSource, spanishPreteriteInfinitive } from '../language/translate.ts';

export const queryDefaults = Object.freeze({
  /** How much a compound part found in the article counts, when the article lacks the compound whole. */
  compoundPartWeight: 0.9,
  /** Verbs, adjectives and adverbs (lower-case in German) tell less about the topic than nouns. */
  nonNounFactor: 0.6,
  /** How much a dictionary translation of an English or Spanish word counts. */
  translationWeight: 0.85,
  /** How much a verb with a separable prefix counts for the verb without it (ansehen for sehen), and back. */
  separableWeight: 0.6,
  /** How much a word of the same family counts (legal for Legalisierung, Europameister for Europameisterschaft). */
  familyWeight: 0.7,
  /**
   * A thesaurus set of more members than this is a loose field of words more than one meaning: its
   * synonyms count × √(this / members). About 100 of OpenThesaurus's 25,700 sets are larger.
   */
  broadSetMembers: 16,
  /** Stems shorter than this find no family: short stems begin too many unrelated words. */
  familyMinChars: 5,
  /** Times the weight of the noun a "Welche …?" question asks for. */
  askedWeight: 1.5,
  /** How much a word the question implies without saying it counts ("darf man nicht": verboten). */
  impliedWeight: 0.5,
});

/** Words whose concepts are remembered per index; past this the memory starts afresh. */
export const rememberedConcepts = 5_000;

/**
 * What each question word stands for in an article (its concept), remembered per index: readers'
 * words repeat, the article does not change. German words are kept by the word itself, nouns apart
 * from other words (the word's string is the key: no key is made per word and question); English
 * and Spanish words by language, word and the next word.
 */
class ConceptMemory {
  readonly nouns = new Map<string, Concept>();
  readonly others = new Map<string, Concept>();
  readonly foreign = new Map<string, Concept>();

  /** Keeps the concept under `key` in `words`, one of this memory's maps (all start afresh when full), and returns it. */
  remember(words: Map<string, Concept>, key: string, concept: Concept): Concept {
    if (this.nouns.size + this.others.size + this.foreign.size >= rememberedConcepts) this.clear();
    words.set(key, concept);
    return concept;
  }

  clear(): void {
    this.nouns.clear();
    this.others.clear();
    this.foreign.clear();
  }
}

/**
 * The memories, kept here by their user, keyed by the index (an index dropped from the library takes
 * its memory with it).
 */
const conceptMemory = new WeakMap<ArticleIndex, ConceptMemory>();

/** The concepts remembered for the index (an empty memory on first use). */
function conceptsOf(index: ArticleIndex): ConceptMemory {
  let concepts = conceptMemory.get(index);
  if (concepts === undefined) {
    concepts = new ConceptMemory();
    conceptMemory.set(index, concepts);
  }
  return concepts;
}

/** Forgets the concepts remembered for the index (the benchmark measures cold questions this way; with `index.forget()`). */
export function forgetConcepts(index: ArticleIndex): void {
  conceptMemory.get(index)?.clear();
}

/** One term of the article that stands for a word of the question, and how well (0..1]. */
export interface Alternative {
  readonly term: string;
  readonly weight: number;
  /** The word itself (a form, a typo, a translation), not a synonym: it names the same thing. */
  readonly strong: boolean;
  /** Where the term occurs in the article. */
  readonly posting: Posting;
}

/** A content word of the question and the article terms that can stand for it. */
export interface Concept {
  readonly word: string;
  readonly alternatives: readonly Alternative[];
  /** For a compound the article lacks whole: its parts, modifier(s) first, head last. */
  readonly parts: readonly Concept[];
  /** How much the word tells: the inverse unit frequency of its best term (unknown words: of the rarest). */
  readonly weight: number;
  /** A noun (capitalized in a German question): what the question is about. */
  readonly noun: boolean;
  /**
   * Not a dictionary word, nor a compound of them, nor a typo of an article word: a name (Weselsky,
   * EVG, Batalha) or a rare term. An answer about it names it.
   */
  readonly name: boolean;
  /** An English or Spanish word translated together with the next one ("Latin America"). */
  readonly pair?: true;
  /**
   * A place (a country, a capital, a people: places-de.txt) the article never mentions, nor its
   * capital, country or people ("Frankreich" asked of an article about Cuba and China), or a year
   * it never mentions ("die WM 2022" asked of an article about the Euro 2024). (An acronym it never
   * mentions is told by the question's letters: {@link AbsentNames}.)
   */
  readonly namesAbsent?: true;
}

/** A question as the ranker sees it. */
export interface AnalyzedQuestion {
  readonly language: QueryLanguage;
  readonly concepts: readonly Concept[];
  /** The answer types it asks for (answer-type.ts), 0 when none is clear. */
  readonly types: number;
  /**
   * The noun a "Welche …?" question asks for an instance of ("Welche Agentur …?"): where the
   * article names one (Xinhua, introduced as "Agentur Xinhua"), that name is the answer.
   */
  readonly asked?: Concept | undefined;
  /** The question names a place, a year or an acronym the article never mentions: the article does not answer it. */
  readonly namesAbsent?: boolean;
}

/** The stem without its separable prefix (anseh → seh), if it has one and enough is left. */
function withoutSeparablePrefix(stem: string): string | undefined {
  for (const prefix of separablePrefixes) if (stem.startsWith(prefix) && stem.length - prefix.length >= 3) return stem.slice(prefix.length);
  return undefined;
}

/**
 * Adverbs that say how, how much or how sure, not what about (insgesamt, eigentlich, ausgerechnet):
 * the stop list lacks them, and their rarity in an article would make them weigh like its topic.
 */
const particles = new Set(
  'insgesamt eigentlich genau ebenfalls ungefahr ausgerechnet standig komplett direkt tatsachlich hochstens mindestens wenigstens uberhaupt namlich ziemlich quasi sozusagen jeweils letztlich schliesslich endlich letztendlich sogar lediglich hauptsachlich grundsatzlich offenbar offensichtlich vermutlich wahrscheinlich angeblich moglicherweise eventuell insbesondere derzeit momentan gerne bisher inzwischen mittlerweile nun jetzt eigentlich wirklich ganz total voll extra meisten meiste meist wenigsten wenigste fast beinahe nahezu annahernd zirka circa'.split(
    ' ',
  ),
);
/** How much such an adverb weighs against a content word of the same rarity. */
const particleFactor = 0.3;

/** Nouns placing a time within a month or year ("Ende Januar", "Anfang März", "Mitte 2024"). */
const timeParts = new Set(['ende', 'anfang', 'mitte', 'beginn']);

/** Idioms whose noun is no topic ("am Ende geeinigt": finally): the noun is left out of a question. */
const idiomNouns = new Map<string, string>([
  ['ende', 'am'],
  ['schluss', 'zum'],
  ['grunde', 'im'],
  ['tat', 'der'],
  ['moment', 'im'],
  ['zeit', 'zur'],
  ['prinzip', 'im'],
  ['endeffekt', 'im'],
  ['strich', 'unterm'],
  ['allgemeinen', 'im'],
  ['fall', 'jeden'],
]);

/** Words before "Mal" that make it a count of occasions, no topic ("zum ersten Mal", "jedes Mal"). */
const occasion = /^(?:erst|letzt|zweit|dritt|viert|funft|nachst|wiederholt|jed|dies|manch|etlich)(?:e|en|er|es|em)?$/;

/** A number that reads as a year (1000–2099): what a question names as its time, not a count. */
const year = /^(?:1\d|20)\d\d$/;
const upperCase = /\p{Lu}/u;

/** "Welche Agentur …?": the noun after these asks for an instance. */
const interrogativeDeterminers = new Set(['welche', 'welcher', 'welches', 'welchem', 'welchen']);

/** Collects the article terms that can stand for a word, keeping the best weight of each. */
class Alternatives {
  readonly #index: ArticleIndex;
  readonly #found = new Map<string, Alternative>();
  constructor(index: ArticleIndex) {
    this.#index = index;
  }
  /** Offers the article's term with posting id `local` (a synonym: known to be in the article). */
  offerAt(local: number, weight: number, strong: boolean, notNoun: boolean): void {
    this.#keep(this.#index.termAt(local), weight, strong, notNoun, local);
  }
  /** Offers a term; `notNoun`: only where the article uses it other than as a noun. */
  offer(term: string, weight: number, strong: boolean, notNoun = false): void {
    this.#keep(term, weight, strong, notNoun, -1);
  }
  /** Keeps the term at the better weight, if the article has it (at posting id `local`, or looked up when −1). */
  #keep(term: string, weight: number, strong: boolean, notNoun: boolean, local: number): void {
    const current = this.#found.get(term);
    if (current && current.weight >= weight) return;
    const posting = current?.posting ?? (local >= 0 ? this.#index.postingAt(local) : this.#index.posting(term));
    if (posting === undefined || (notNoun && posting.noun)) return;
    this.#found.set(term, { term, weight, strong: strong || (current?.strong ?? false), posting });
  }
  get size(): number {
    return this.#found.size;
  }
  list(): Alternative[] {
    return [...this.#found.values()];
  }
}

/** Whether the concept is a typo of an adverb of degree: one of its own (strong) stand-ins is one. */
function isParticleTypo(concept: Concept): boolean {
  for (const alt of concept.alternatives) if (alt.strong && particles.has(alt.term)) return true;
  return false;
}

/**
 * A question read once, before any article is looked at: its words, their source-language forms, its
 * language, the kinds of answer it asks for. Answering from several articles reads it once for all.
 */
export interface QuestionReading {
  readonly text: string;
  readonly tokens: readonly Token[];
  /** Each token folded as the English and Spanish dictionaries are keyed. */
  readonly sources: readonly string[];
  readonly words: readonly string[];
  readonly language: QueryLanguage;
  /**
   * Per word, its stop lists (StopList bits) and facts (WordFact bits, of the form its language
   * reads), noted while its language was guessed: one look-up a word (lexicon.ts).
   */
  readonly facts: Uint16Array;
  readonly types: number;
  /** 1 for the words of the question phrase ("welchem Jahr"): they name the kind asked, not content. */
  readonly asking: Uint8Array;
  /** A question typed all in lower case says nothing about which words are nouns. */
  readonly cased: boolean;
}

/** Reads a question (see {@link QuestionReading}). */
export function readQuestion(question: string, lexicon: Lexicon): QuestionReading {
  const tokens = tokenize(question);
  // Loops, not map(): no closure made per question.
  const sources: string[] = [];
  const words: string[] = [];
  for (let t = 0; t < tokens.length; t += 1) {
    const token = tokens[t] as Token;
    sources.push(sourceForm(question, token));
    words.push(token.term);
  }
  const facts = new Uint16Array(words.length);
  const language = detectLanguage(words, sources, lexicon, facts);
  const asking = new Uint8Array(words.length);
  const types = questionTypes(language === 'de' ? words : sources, asking, facts);
  return { text: question, tokens, sources, words, language, facts, types, asking, cased: hasUpperCase(question) };
}

/** Whether the text has an upper-case letter: a scan of its codes while ASCII, the Unicode class from the first other character on. */
function hasUpperCase(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 128) return upperCase.test(text.slice(i));
    if (code >= 65 && code <= 90) return true;
  }
  return false;
}

/**
 * The token folded as the English and Spanish dictionaries are keyed. A plain ASCII word whose German
 * folding kept its length was only lower-cased (no digraph folded, no apostrophe dropped): that is
 * its source form too, the same string (most words; no second slice and folding per word).
 */
function sourceForm(question: string, token: Token): string {
  if (token.term.length === token.end - token.start && isAsciiBetween(question, token.start, token.end)) return token.term;
  return foldSource(question.slice(token.start, token.end));
}

/** Whether text[start … end) is plain ASCII. */
function isAsciiBetween(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/** Whether the token may be a noun: capitalized, a number, or any word of a question typed in lower case. */
export function isNounish(reading: QuestionReading, token: Token): boolean {
  if (!reading.cased) return true;
  // ASCII decided by its code (an upper-case letter or a digit), without a string per word.
  const code = reading.text.charCodeAt(token.start);
  if (code < 128) return (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  const first = reading.text[token.start] ?? '';
  return first !== first.toLowerCase();
}

/**
 * Whether the question's word `t` is a German stop word left out: stop lists hold frequent nouns too
 * (Jahr, Tag, Zeit, Ende); capitalized inside a cased question they are content.
 */
export function isGermanStopWord(reading: QuestionReading, t: number): boolean {
  if (((reading.facts[t] as number) & StopList.de) === 0) return false;
  const token = reading.tokens[t] as Token;
  return !(reading.cased && isNounish(reading, token) && token.start > 0);
}

/** Turns a question into concepts against one article's index. */
export function analyzeQuestion(question: string | QuestionReading, index: ArticleIndex, lexicon: Lexicon): AnalyzedQuestion {
  const reading = typeof question === 'string' ? readQuestion(question, lexicon) : question;
  const { tokens, words, language, types, asking, cased } = reading;
  if (language !== 'de') {
    const absent = new AbsentNames(reading.text);
    const concepts = foreignConcepts(reading, language, index, lexicon, absent);
    return { language, types, concepts, namesAbsent: absent.found || anyNamesAbsent(concepts) };
  }
  const particle = finalParticle(words);
  const remembered = conceptsOf(index);
  // The words read so far: a question has a few, and a scan of them costs less than a Set made per question.
  const seen: string[] = [];
  const concepts: Concept[] = [];
  let askedAfter = firstIn(words, interrogativeDeterminers);
  const absent = new AbsentNames(reading.text);
  let asked: Concept | undefined;
  for (let t = 0; t < tokens.length; t += 1) {
    const token = tokens[t] as Token;
    // "Ab welchem Jahr …?": the year is what is asked, not a word the answer must have.
    if (asking[t] === 1) continue;
    let word = token.term;
    const nounish = isNounish(reading, token);
    // "Wie wirkt sich … aus?": the verb is "auswirken"; join the particle to a verb that then exists.
    if (particle !== undefined && !nounish && isKnownWord(particle + word, index, lexicon)) word = particle + word;
    else if (isGermanStopWord(reading, t)) continue;
    // "am Ende", "zum Schluss": an idiom, not the noun's topic.
    if (t > 0 && idiomNouns.get(word) === words[t - 1]) continue;
    if (word === 'mal' && occasion.test(words[t - 1] ?? '')) continue;
    // "Ende Januar", "Anfang 2024": part of a time, which the month or year says.
    if (timeParts.has(word) && (isMonth(words[t + 1] ?? '') || /^\d{4}$/.test(words[t + 1] ?? ''))) continue;
    if (seen.includes(word)) continue;
    seen.push(word);
    let concept = conceptOf(word, nounish, index, lexicon, remembered);
    // An adverb of degree, or a typo of one ("insgesammt"), tells little of what is asked.
    if (particles.has(word) || isParticleTypo(concept)) concept = { ...concept, weight: concept.weight * particleFactor };
    if (askedAfter >= 0 && t > askedAfter && cased && nounish) {
      // What the question asks for weighs more than what it says about it, where the article has it.
      if (concept.alternatives.length > 0 || hasPartFound(concept)) concept = { ...concept, weight: concept.weight * queryDefaults.askedWeight };
      asked = concept;
      askedAfter = -1;
    }
    absent.note(concept, token);
    concepts.push(concept);
  }
  for (const implied of impliedConcepts(reading, index, lexicon)) if (!seen.includes(implied.word)) concepts.push(implied);
  // A "Welche …?" noun that names the kind asked, read through its typo ("In welchen Stätden …?":
  // the article's Städten, a place), is the question phrase, as the noun spelt right would be.
  const nounTypes = askedTypes(asked);
  const askedAt = nounTypes !== 0 && asked !== undefined ? concepts.indexOf(asked) : -1;
  if (askedAt >= 0) concepts.splice(askedAt, 1);
  const namesAbsent = absent.found || anyNamesAbsent(concepts);
  return { language, types: types | nounTypes, concepts, asked: nounTypes !== 0 ? undefined : asked, namesAbsent };
}

/**
 * Watches a question's words, as they are read, for a name the article never mentions:
 * - an acronym standing alone ("die Gewerkschaft EVG", "the CDU") that the article neither has nor
 *   spells out, an organization it does not name. Joined to a word ("ICE-Ticket") an acronym only
 *   says which kind of the other, which the article may have;
 * - two capitalized names side by side (words no dictionary knows nor translates, not the first of
 *   the question: "Olaf Scholz", "Pedro Sánchez") that the article has nothing for;
 * - such a name joined by a hyphen to the next word ("Xiangshan-Forum", "Halo-Bahn"): it says which
 *   forum or railway, one the article does not name.
 * A word in parentheses is an aside ("Wer ist Dong Jun (PLA)?"): it clarifies the question, it is not
 * what it is about. In a question typed all in capitals no word is told apart so.
 */
class AbsentNames {
  /** Whether such a name was seen. */
  found = false;
  readonly #text: string;
  /** The last capitalized name the article has nothing for. */
  #previousName: Token | undefined;

  constructor(text: string) {
    this.#text = text;
  }

  /** Notes the concept read of `token`. */
  note(concept: Concept, token: Token): void {
    // Most words have something in the article: nothing more to look at.
    if (concept.alternatives.length > 0 || hasPartFound(concept) || this.#inParentheses(token)) return;
    const text = this.#text;
    const first = text[token.start] as string;
    if (first === first.toLowerCase() || !lowerCase.test(text)) return;
    if (this.#isAcronym(token)) this.found = true;
    // A name joined to the word after it says which one ("Xiangshan-Forum", "Halo-Bahn"): one the article never names.
    else if (concept.name && text[token.end] === '-') this.found = true;
    else if (concept.name && token.start > 0) {
      const previous = this.#previousName;
      if (previous !== undefined && this.#onlySpaceBetween(previous, token)) this.found = true;
      this.#previousName = token;
    }
  }

  /** All capitals, two letters or more, not joined by a hyphen to the word before or after. */
  #isAcronym(token: Token): boolean {
    const text = this.#text;
    if (token.end - token.start < 2 || text[token.start - 1] === '-' || text[token.end] === '-') return false;
    for (let i = token.start; i < token.end; i += 1) {
      const letter = text[i] as string;
      if (letter === letter.toLowerCase()) return false;
    }
    return true;
  }

  #inParentheses(token: Token): boolean {
    return this.#text.lastIndexOf('(', token.start) > this.#text.lastIndexOf(')', token.start);
  }

  #onlySpaceBetween(before: Token, after: Token): boolean {
    for (let i = before.end; i < after.start; i += 1) if (this.#text[i] !== ' ') return false;
    return true;
  }
}

const lowerCase = /\p{Ll}/u;

/** Whether a concept names a place or year the article never mentions ({@link Concept.namesAbsent}). */
function anyNamesAbsent(concepts: readonly Concept[]): boolean {
  for (const concept of concepts) if (concept.namesAbsent === true) return true;
  return false;
}

/** Concepts of what the question implies without saying it (implied.ts): "darf man nicht" asks "verboten". */
function impliedConcepts(reading: QuestionReading, index: ArticleIndex, lexicon: Lexicon): Concept[] {
  const concepts: Concept[] = [];
  // What the article never says in any of these words is no part of the question it can miss.
  for (const group of impliedWords(reading.words, reading.types, reading.asking, reading.facts)) {
    const concept = impliedConcept(group, index, lexicon);
    if (concept.alternatives.length > 0) concepts.push(concept);
  }
  return concepts;
}

// Loops rather than array methods with callbacks on the path every question takes: each builtin and
// callback is code of its own, and between two questions of a server its cache lines are gone.

/** The place of the first of the words in `list`, or −1. */
function firstIn(words: readonly string[], list: ReadonlySet<string>): number {
  for (let i = 0; i < words.length; i += 1) if (list.has(words[i] as string)) return i;
  return -1;
}

/** Whether some compound part of the concept has a stand-in in the article. */
function hasPartFound(concept: Concept): boolean {
  for (const part of concept.parts) if (part.alternatives.length > 0) return true;
  return false;
}

/** Whether the word is all ASCII digits (as /^\d+$/ says, without a regular expression). */
function isDigits(word: string): boolean {
  if (word.length === 0) return false;
  for (let i = 0; i < word.length; i += 1) {
    const code = word.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return true;
}

/**
 * The concept of the first word, standing also for the others' stand-ins. Not the reader's own words:
 * no strong stand-ins (what the article says in the question's words), and half as sure as a word said
 * (a reader's "Darf ich …?" is no restatement of "Warum hat kein Gericht … verboten?").
 */
function impliedConcept(words: readonly string[], index: ArticleIndex, lexicon: Lexicon): Concept {
  const alternatives = new Alternatives(index);
  let first: Concept | undefined;
  for (const word of words) {
    const concept = conceptOf(word, false, index, lexicon);
    first ??= concept;
    for (const alt of concept.alternatives) alternatives.offer(alt.term, alt.weight * queryDefaults.impliedWeight, false);
  }
  return { ...(first as Concept), alternatives: alternatives.list() };
}

/**
 * The kind asked by a "Welche …?" question's noun as the article has it: its typo or another form
 * ("In welchen Stätden …?" is the article's Städte, a place), which the question phrase missed.
 */
function askedTypes(asked: Concept | undefined): number {
  let types = 0;
  for (const alt of asked?.alternatives ?? []) if (alt.strong) types |= askedNounTypes(alt.term);
  return types;
}

/**
 * Concepts of an English or Spanish question: each content word stands for its dictionary
 * translations (two-word names such as "Latin America" first) and for itself, since names and
 * many loan words are spelt alike (China, Díaz-Canel, Allianz).
 */
function foreignConcepts(reading: QuestionReading, language: 'en' | 'es', index: ArticleIndex, lexicon: Lexicon, absent: AbsentNames): Concept[] {
  const { tokens, sources, facts } = reading;
  const stop = StopList[language];
  const dictionary = lexicon.dictionary(language);
  const remembered = conceptsOf(index);
  const concepts: Concept[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i];
    let source = sources[i] ?? '';
    if (!token || ((facts[i] as number) & stop) !== 0 || seen.has(source)) continue;
    // "¿Cuántos días duró …?": the verb durar, not duro (hard), which its folded form is.
    if (language === 'es') source = spanishPreteriteInfinitive(reading.text.slice(token.start, token.end), dictionary) ?? source;
    seen.add(source);
    // Remembered per article like German words, keyed by the word and the next (a pair may translate
    // as one). Numbers are endless: a number is not remembered, nor kept as the next word unless the
    // pair is in the dictionary ("Euro 2024").
    let next = sources[i + 1] ?? '';
    if (isDigits(next) && dictionary.translate(`${source} ${next}`).length === 0) next = '';
    let concept: Concept;
    // A number is itself in any language (as in German questions: no translation, not remembered).
    if (isDigits(source)) concept = conceptOf(source, true, index, lexicon);
    else {
      const key = `${language}\u0000${source}\u0000${next}`;
      const { foreign } = remembered;
      concept = foreign.get(key) ?? remembered.remember(foreign, key, foreignConcept(token.term, source, next, dictionary, index, lexicon));
    }
    if (concept.pair === true) i += 1;
    absent.note(concept, token);
    concepts.push(concept);
  }
  return concepts;
}

/** The concept of a foreign word (or of it and the next, when the pair translates as one). */
function foreignConcept(term: string, source: string, next: string, dictionary: Dictionary, index: ArticleIndex, lexicon: Lexicon): Concept {
  const pairTranslations = dictionary.translate(`${source} ${next}`);
  const translations = pairTranslations.length > 0 ? pairTranslations : dictionary.translate(source);
  const own = conceptOf(term, true, index, lexicon);
  const alternatives = new Alternatives(index);
  for (const alt of own.alternatives) alternatives.offer(alt.term, alt.weight, alt.strong);
  for (const stem of translations) alternatives.offer(stem, queryDefaults.translationWeight, true);
  let concept = makeConcept(source, alternatives.list(), own.parts, index, 1, true, own.name && translations.length === 0);
  // A place the article never mentions (Berlin; Germany, as Deutschland), as in a German question: a
  // word whose first sense in the dictionary is a place (not the Spanish victoria, which is no capital).
  const first = translations[0];
  if (concept.alternatives.length === 0 && first !== undefined && lexicon.places.isPlace(first)) concept = { ...concept, namesAbsent: true };
  return pairTranslations.length > 0 ? { ...concept, pair: true } : concept;
}

/** The separable-verb particle closing a German question ("… nimmt … teil?"), if any. */
function finalParticle(words: readonly string[]): string | undefined {
  const last = words.at(-1);
  return last !== undefined && words.length > 2 && separablePrefixes.has(last) ? last : undefined;
}

function isKnownWord(word: string, index: ArticleIndex, lexicon: Lexicon): boolean {
  return lexicon.word(word, false).stems.some((stem) => index.has(stem) || lexicon.isKnownStem(stem));
}

/** The word's concept, remembered in the index's memory (looked up once per question by the caller, or here). */
function conceptOf(word: string, nounish: boolean, index: ArticleIndex, lexicon: Lexicon, remembered = conceptsOf(index)): Concept {
  // Numbers are cheap to look up and endless (a number appended to each question would fill the
  // memory and wipe the words readers repeat): not remembered.
  if (isDigits(word)) return findConcept(word, nounish, index, lexicon);
  const words = nounish ? remembered.nouns : remembered.others;
  return words.get(word) ?? remembered.remember(words, word, findConcept(word, nounish, index, lexicon));
}

function findConcept(word: string, nounish: boolean, index: ArticleIndex, lexicon: Lexicon): Concept {
  // A number is itself only (no synonyms, family, typo or place): the article has it or not.
  // Its one term needs no collector: the question's number (most questions the load generator asks
  // have one, new each time) is read with few steps, as few cache lines as it can be.
  if (isDigits(word)) {
    const posting = index.posting(word);
    const concept = makeConcept(word, posting === undefined ? [] : [{ term: word, weight: 1, strong: true, posting }], [], index, 1, true);
    return posting === undefined && year.test(word) ? { ...concept, namesAbsent: true } : concept;
  }
  const factor = nounish ? 1 : queryDefaults.nonNounFactor;
  const info = lexicon.word(word, nounish);
  const alternatives = new Alternatives(index);
  for (const stem of info.stems) alternatives.offer(stem, 1, true);
  const found = alternatives.size > 0;
  // Synonyms always: the article may say "beeinflusst" where the reader says "wirkt sich aus".
  // A verb's synonyms stand for verbs, not for nouns of the same stem ("sieht" ~ treffen, not "Treffen").
  for (const stem of info.stems) offerSynonyms(stem, 1, !nounish, alternatives, index, lexicon);
  // Separable verbs: "sieht … als" may be said "als … angesehen" (ansehen), and back.
  if (!nounish) {
    for (const stem of info.stems) {
      for (const term of index.prefixedForms(stem) ?? []) alternatives.offer(term, queryDefaults.separableWeight, false, true);
      const base = withoutSeparablePrefix(stem);
      if (base !== undefined) alternatives.offer(base, queryDefaults.separableWeight, false, true);
    }
  }
  // Word families: the article's terms that are the stem with a derivational ending (legal → legalisier),
  // or the stem is one of them with an ending (Europameisterschaft ← europameister).
  for (const stem of info.stems) offerFamily(stem, nounish, alternatives, index);
  // Acronyms: GDL is the Gewerkschaft Deutscher Lokomotivführer, EM the Europameisterschaft.
  // Only nouns of a long form: in "Gewerkschaft Deutscher Lokomotivführer" the adjective is no name for GDL.
  for (const stem of info.stems) {
    for (const alias of index.acronymsOf(stem) ?? []) if (index.posting(alias)?.noun !== false) alternatives.offer(alias, acronymDefaults.weight, true);
  }
  if (!found && word.length <= acronymDefaults.maxLetters) {
    for (const compound of index.compoundsWithInitials(word) ?? []) alternatives.offer(compound, acronymDefaults.weight, true);
  }
  if (info.parts !== undefined && info.parts.length <= 3) alternatives.offer(info.parts.map((part) => part[0] ?? '').join(''), acronymDefaults.weight, true);
  // Roles: "der Verteidigungsminister" is Dong Jun wherever the article names him alone.
  for (const alt of alternatives.list())
    for (const name of index.namesFor(alt.term) ?? []) alternatives.offer(name, alt.weight * coreferenceDefaults.nameWeight, false);
  // Places: "Washington" for the United States, "Länder" for the countries the article names.
  const placeFactor = found ? placesDefaults.presentFactor : 1;
  for (const stem of info.stems) lexicon.places.forEachRelated(stem, (term, weight) => alternatives.offer(term, weight * placeFactor, false));
  const name = nounish && !info.known && info.parts === undefined;
  if (found) return makeConcept(word, alternatives.list(), [], index, factor, nounish, name);
  // A typo is a word no dictionary knows: a known word the article lacks is not looked up as one.
  if (!info.known) {
    for (const match of index.fuzzy.lookup(word)) {
      // The typed word is the article's word: all its stems (gewonnen is a form of gewinnen).
      alternatives.offer(index.vocabulary().get(match.word) ?? match.word, match.similarity, true);
      for (const stem of lexicon.articleWord(match.word, false).stems) alternatives.offer(stem, match.similarity, true);
    }
  }
  // A place's name is not a compound of its parts (Frank-reich, Öster-reich).
  const place = info.stems.some((stem) => lexicon.places.isPlace(stem));
  const parts = nounish && !place && word.length <= compoundDefaults.maxWordChars ? compoundParts(word, info.parts, index, lexicon) : [];
  // A typo of an article word is that word, not a name.
  const typo = alternatives.size > 0;
  const concept = makeConcept(word, alternatives.list(), parts, index, factor, nounish, name && !typo && parts.length === 0);
  return place && !typo ? { ...concept, namesAbsent: true } : concept;
}

// Derivational endings (of folded Snowball stems) that keep a word in its family: -isier, -ung, -lich, -schaft …
const familyEndings =
  /^(?:e|en|er|ern|end|ung|nis|isier|ier|ation|lich|ig|isch|heit|keit|schaft|bar|sam|ist|ismus|itat|ler|ner|los|haft|ial|iell)(?:e|en|er|ung|isch|lich|schaft|ier|ist)?$/;

// Endings left on a Snowball stem that make a noun of an adjective or verb (legal → legalisier, of
// Legalisierung; aktiv → aktivitat; -ung, -heit, -keit are stemmed away).
const nounEndings = /^(?:isier|ier|ation|itat|ismus|schaft)$/;

/** Offers the article's terms of the stem's word family (one derivational ending more or less). */
function offerFamily(stem: string, noun: boolean, alternatives: Alternatives, index: ArticleIndex): void {
  if (stem.length < queryDefaults.familyMinChars) return;
  // Only a noun is the last part of a compound noun (diplomatisch is not what Militärdiplomatie is),
  // or the noun made of an adjective or verb (legal → Teillegalisierung, through Legalisierung).
  for (const term of index.termsContaining(stem, compoundDefaults.minPartChars)) {
    const at = term.indexOf(stem, compoundDefaults.minPartChars);
    const rest = term.slice(at + stem.length);
    // A Vizepräsident is no Präsident, an Ex-Minister no minister: prefixes that change what the head is.
    if (notKindPrefixes.has(term.slice(0, at))) continue;
    if (noun ? rest === '' || familyEndings.test(rest) : nounEndings.test(rest)) alternatives.offer(term, queryDefaults.familyWeight, false);
  }
  for (const term of index.termsStartingWith(stem)) {
    if (term !== stem && familyEndings.test(term.slice(stem.length))) alternatives.offer(term, queryDefaults.familyWeight, false);
  }
  // Shorter article terms that the stem extends by an ending.
  for (let cut = stem.length - 1; cut >= queryDefaults.familyMinChars; cut -= 1) {
    if (!familyEndings.test(stem.slice(cut))) continue;
    const shorter = stem.slice(0, cut);
    if (index.has(shorter)) alternatives.offer(shorter, queryDefaults.familyWeight, false);
  }
}

/**
 * The parts of a compound the article lacks whole: split at known words, or else at a known first
 * part and a last part that is a typo of an article word (Militärparde → militar + parade).
 */
function compoundParts(word: string, known: readonly string[] | undefined, index: ArticleIndex, lexicon: Lexicon): Concept[] {
  const split = known?.map((part) => partConcept(part, index, lexicon));
  // A known split whose head the article lacks may be a typo'd head instead (Militär-parde is no Pard).
  if (split && (split.at(-1)?.alternatives.length ?? 0) > 0) return split;
  for (let cut = compoundDefaults.minPartChars; cut <= word.length - fuzzyDefaults.minWordChars; cut += 1) {
    const head = knownHead(word.slice(0, cut), lexicon);
    if (head === undefined) continue;
    const matches = index.fuzzy.lookup(word.slice(cut));
    if (matches.length === 0) continue;
    const alternatives = new Alternatives(index);
    for (const match of matches)
      alternatives.offer(index.vocabulary().get(match.word) ?? match.word, match.similarity * queryDefaults.compoundPartWeight, true);
    return [partConcept(head, index, lexicon), makeConcept(word.slice(cut), alternatives.list(), [], index, 1, true)];
  }
  return split ?? typoFirstPart(word, index, lexicon);
}

/**
 * A compound whose first part is a typo of an article term, or of its beginning, and whose last part
 * is a known word the article has (Inflatio-s-prämie → inflationsausgleich + prämie): the typo is sought
 * among terms beginning as it does, since typos rarely hit a word's first letters.
 */
function typoFirstPart(word: string, index: ArticleIndex, lexicon: Lexicon): Concept[] {
  const { minPartChars, minKnownPartChars } = compoundDefaults;
  for (let cut = word.length - minKnownPartChars; cut >= fuzzyDefaults.minWordChars; cut -= 1) {
    const tailStem = stemGerman(word.slice(cut));
    if (!lexicon.isKnownStem(tailStem) || !index.has(tailStem)) continue;
    const head = word.slice(0, cut);
    const alternatives = new Alternatives(index);
    for (const bare of [head, ...linkingSuffixes.filter((e) => head.endsWith(e)).map((e) => head.slice(0, -e.length))]) {
      if (bare.length < fuzzyDefaults.minWordChars) continue;
      const allowed = maxEdits(bare.length);
      for (const term of index.termsStartingWith(bare.slice(0, minPartChars - 1))) {
        // The term, or its beginning: the article's first part may be longer (Inflation-sausgleich).
        let distance = allowed + 1;
        for (let length = bare.length - 1; length <= bare.length + 1 && length <= term.length; length += 1)
          distance = Math.min(distance, editDistance(bare, term.slice(0, length), allowed));
        if (distance <= allowed) alternatives.offer(term, (1 - distance / bare.length) * queryDefaults.compoundPartWeight, true);
      }
    }
    if (alternatives.size > 0) return [makeConcept(head, alternatives.list(), [], index, 1, true), partConcept(tailStem, index, lexicon)];
  }
  return [];
}

/**
 * Offers the article's terms that share a thesaurus set with the stem, at the synonym weight × `factor`
 * (the stem's own term comes too when the article has it; the caller offered it at full weight).
 */
function offerSynonyms(stem: string, factor: number, notNoun: boolean, alternatives: Alternatives, index: ArticleIndex, lexicon: Lexicon): void {
  const sets = lexicon.synonymSetsOf(stem);
  if (sets.length === 0) return;
  // The weight counts every set the word is in (its senses), those the article has or not.
  const weight = lexicon.synonymWeight(sets.length) * factor;
  for (const id of sets) {
    const locals = index.synonymTerms(id);
    if (locals === undefined) continue;
    const members = lexicon.synonymSet(id).length;
    const setWeight = members > queryDefaults.broadSetMembers ? weight * Math.sqrt(queryDefaults.broadSetMembers / members) : weight;
    for (const local of locals) alternatives.offerAt(local, setWeight, false, notNoun);
  }
}

function partConcept(stem: string, index: ArticleIndex, lexicon: Lexicon): Concept {
  const alternatives = new Alternatives(index);
  alternatives.offer(stem, queryDefaults.compoundPartWeight, true);
  offerSynonyms(stem, queryDefaults.compoundPartWeight, false, alternatives, index, lexicon);
  return makeConcept(stem, alternatives.list(), [], index, 1, true);
}

/**
 * The concept's weight: for the word itself (any of its exact forms), the idf of its commonest form,
 * since "Kubas" means Kuba; else the idf of its rarest stand-in; for a compound known only by its
 * parts, theirs with the head's share; for a word the article lacks, the idf of an absent term.
 */
function makeConcept(
  word: string,
  alternatives: Alternative[],
  parts: readonly Concept[],
  index: ArticleIndex,
  factor: number,
  noun: boolean,
  name = false,
): Concept {
  let weight = index.idf('');
  const exact = alternatives.length === 0 ? alternatives : alternatives.filter((a) => a.weight === 1);
  if (exact.length > 0) weight = Math.min(...exact.map((a) => index.idf(a.term)));
  else if (alternatives.length > 0) weight = Math.max(...alternatives.map((a) => index.idf(a.term)));
  else if (parts.length > 0) weight = compoundMean(parts.map((p) => p.weight));
  return { word, alternatives, parts, weight: weight * factor, noun, name };
}

/** Share of a compound's meaning carried by its last part, the head (Verteidigungs-haushalt is a budget). */
export const compoundHeadShare = 0.65;

/** Mean of per-part values with the head (last) part weighted {@link compoundHeadShare}. */
export function compoundMean(values: readonly number[]): number {
  if (values.length === 1) return values[0] ?? 0;
  const modifierShare = (1 - compoundHeadShare) / (values.length - 1);
  return values.reduce((sum, v, i) => sum + v * (i === values.length - 1 ? compoundHeadShare : modifierShare), 0);
}
