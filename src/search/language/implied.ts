import { AnswerType } from './answer-type.ts';
import { WordFact, type WordFacts, withFact } from './word-facts.ts';

/**
 * What a German question asks in words it does not say, its own being stop words or the question
 * phrase: "Wie viel darf man besitzen?" is answered by "… sind erlaubt", "Wo darf man nicht kiffen?" by
 * "… ist verboten", a yes-or-no "Darf man …?" by either; "Wie weit ist es von uns weg?" by "… Kilometer
 * entfernt", "Wie kalt wird es?" by "… kühlen … ab". The same for a reader's question and an FAQ's:
 * "Welche Menge ist erlaubt?" restates "Wie viel darf man besitzen?".
 */

// Forms of "dürfen" (folded), and the words that negate it in a question.
const mayForms = new Set(['darf', 'darfst', 'durfen', 'durft', 'durfte', 'durften', 'durftest', 'durfe']);
const negations = new Set(['nicht', 'kein', 'keine', 'keinen', 'keinem', 'keiner', 'keines', 'nie', 'niemals', 'nirgends', 'nirgendwo']);
// Words of a question phrase asking for a distance ("Wie weit …?", "Wie nah …?"), not a size.
const distanceWords = new Set(['weit', 'nah', 'nahe']);

/** The words this module asks about of every question word: the forms of "dürfen", the negations. */
export function impliedWordFacts(): WordFacts {
  return [...withFact(mayForms, WordFact.may), ...withFact(negations, WordFact.negation)];
}

/** Whether a word has the fact: told by `facts` when given (the lexicon's WordFact bits), else looked up in `list`. */
function isIn(words: readonly string[], i: number, list: ReadonlySet<string>, fact: number, facts: ArrayLike<number> | undefined): boolean {
  return facts === undefined ? list.has(words[i] ?? '') : ((facts[i] ?? 0) & fact) !== 0;
}

/** Whether some word has the fact (see {@link isIn}). */
function someIn(words: readonly string[], list: ReadonlySet<string>, fact: number, facts: ArrayLike<number> | undefined): boolean {
  for (let i = 0; i < words.length; i += 1) if (isIn(words, i, list, fact, facts)) return true;
  return false;
}

/**
 * The words the question implies, in groups: each group one thing asked, any of its words saying it
 * (["erlaubt", "verboten"] for a yes-or-no "Darf man …?"). `words` folded; `types` and `asking` as
 * `questionTypes` gives them (the kinds asked, and which words are the question phrase); `facts`, the
 * words' WordFact bits when the lexicon gave them.
 */
export function impliedWords(words: readonly string[], types: number, asking: Uint8Array, facts?: ArrayLike<number>): string[][] {
  const implied: string[][] = [];
  if (someIn(words, mayForms, WordFact.may, facts)) {
    const negated = someIn(words, negations, WordFact.negation, facts);
    const either = !negated && isIn(words, 0, mayForms, WordFact.may, facts);
    implied.push(negated ? ['verboten'] : either ? ['erlaubt', 'verboten'] : ['erlaubt']);
  }
  if ((types & AnswerType.length) !== 0 && words.some((w, i) => asking[i] === 1 && distanceWords.has(w))) implied.push(['entfernt']);
  // "Wie kalt …?", "Wie heiß …?": a temperature, and which end of the scale, said by the adjective
  // (kalt, kühl; heiß, erwärmen through the thesaurus), since "Grad" alone says neither.
  if ((types & AnswerType.temperature) !== 0)
    for (let i = 1; i < words.length; i += 1) if (asking[i] === 1 && words[i - 1] === 'wie') implied.push([words[i] as string]);
  return implied;
}
