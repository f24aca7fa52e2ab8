import { AnswerType } from './answer-type.ts';

/**
 * What a German question asks in words it does not say, its own being stop words or the question
 * phrase: "Wie viel darf man besitzen?" is answered by "… sind erlaubt", "Wo darf man nicht kiffen?" by
 * "… ist verboten", a yes-or-no "Darf man …?" by either; "Wie weit ist es von uns weg?" by "… Kilometer
 * entfernt". The same for a reader's question and an FAQ's: "Welche Menge ist erlaubt?" restates
 * "Wie viel darf man besitzen?".
 */

// Forms of "dürfen" (folded), and the words that negate it in a question.
const mayForms = new Set(['darf', 'darfst', 'durfen', 'durft', 'durfte', 'durften', 'durftest', 'durfe']);
const negations = new Set(['nicht', 'kein', 'keine', 'keinen', 'keinem', 'keiner', 'keines', 'nie', 'niemals', 'nirgends', 'nirgendwo']);
// Words of a question phrase asking for a distance ("Wie weit …?", "Wie nah …?"), not a size.
const distanceWords = new Set(['weit', 'nah', 'nahe']);

/**
 * The words the question implies, in groups: each group one thing asked, any of its words saying it
 * (["erlaubt", "verboten"] for a yes-or-no "Darf man …?"). `words` folded; `types` and `asking` as
 * `questionTypes` gives them (the kinds asked, and which words are the question phrase).
 */
export function impliedWords(words: readonly string[], types: number, asking: Uint8Array): string[][] {
  const implied: string[][] = [];
  if (words.some((w) => mayForms.has(w))) {
    const negated = words.some((w) => negations.has(w));
    const either = !negated && mayForms.has(words[0] ?? '');
    implied.push(negated ? ['verboten'] : either ? ['erlaubt', 'verboten'] : ['erlaubt']);
  }
  if ((types & AnswerType.length) !== 0 && words.some((w, i) => asking[i] === 1 && distanceWords.has(w))) implied.push(['entfernt']);
  return implied;
}
