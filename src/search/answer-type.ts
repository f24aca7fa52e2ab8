import type { Token } from './normalize.ts';

/**
 * What kind of answer a question asks for, and what kinds a sentence can give: a bit set.
 * "Wann …?" wants a time, "Wie viele …?" a number, "Wer …?" a person. Used to prefer, among
 * sentences that match the question's words, the one that can answer it; never to answer alone.
 */
export const AnswerType = { time: 1, number: 2, person: 4, reason: 8, statement: 16 } as const;

const weekdays = 'montag dienstag mittwoch donnerstag freitag samstag sonntag';
const months = 'januar februar marz april mai juni juli august september oktober november dezember';
// Words that place an event in time (besides dates and years): units of time and adverbs of time.
// Not conjunctions such as "während" or "nachdem": they relate events, they do not date them.
const timeUnits = 'tag tage tagen woche wochen monat monate monaten jahr jahre jahren jahrzehnt jahrzehnte jahrzehnten stunde stunden uhr jahrestag';
const timeMarkers = 'gestern heute morgen vorgestern ubermorgen damals kurzlich neulich zuletzt bald spater fruher zuvor inzwischen mittlerweile jungst';
const timeWords = new Set(`${weekdays} ${months} ${timeUnits} ${timeMarkers}`.split(' '));
const numberWords = new Set(
  'zwei drei vier funf sechs sieben acht neun zehn elf zwolf zwanzig dreissig hundert tausend million millionen milliarde milliarden dutzend dutzende halfte'.split(
    ' ',
  ),
);
const year = /^(1[5-9]|20)\d\d$/;
// Conjunctions and prepositions that give a cause or a purpose ("weil", "aufgrund", "um … zu").
const reasonWords = new Set('weil da denn aufgrund wegen damit deshalb deswegen daher darum weshalb zwecks angesichts infolge'.split(' '));

// Reported speech: verbs of saying (folded German forms) and the words that attribute a quote.
const sayingInSentence =
  /^(sag(t|te|ten)|gesagt|erklar(t|te|ten)|betont(e|en)?|bezeichnet(e|en)?|versichert(e|en)?|bekraftigt(e|en)?|unterstrich(en)?|unterstreicht|ausserte(n)?|geaussert|meinte(n)?|zitiert|laut|zufolge|kundigte(n)?|warnte(n)?)$/;
const quoteMarks = /[„“”"«»]/;
// A question asking what someone said or how they described something (German, English, Spanish).
const sayingInQuestion = new Set(
  [
    'sagen sagt sagte sagten gesagt erklaren erklarte erklarten erklart aussern ausserte geaussert meinen meinte meinten',
    'bezeichnen bezeichnet bezeichnete bezeichneten beschreiben beschreibt beschrieb beschrieben charakterisieren charakterisiert charakterisierte',
    'nennen nennt nannte genannt betonen betont betonte bewerten bewertet bewertete kommentieren kommentierte',
    'say says said saying call called calls describe described describes tell told',
    'decir dice dijo dijeron dicho afirmar afirmo describir describio calificar califico',
  ]
    .join(' ')
    .split(' '),
);

/** The answer types a sentence can give, from its folded tokens and original text. */
export function sentenceTypes(tokens: readonly Token[], text: string, isKnownWord: (folded: string) => boolean): number {
  let types = quoteMarks.test(text) ? AnswerType.statement : 0;
  let nameRun = 0;
  tokens.forEach((token, i) => {
    const { term } = token;
    if (sayingInSentence.test(term)) types |= AnswerType.statement;
    if (year.test(term) || timeWords.has(term)) types |= AnswerType.time;
    if (/^\d/.test(term) || numberWords.has(term)) types |= AnswerType.number;
    // "um" opening a purpose clause: a zu-infinitive follows (um … teilzunehmen, um … zu stärken).
    if (reasonWords.has(term) || (term === 'um' && tokens.slice(i + 1).some((t) => t.term === 'zu' || /.zu.{2,}en$/.test(t.term)))) types |= AnswerType.reason;
    // Two capitalized words in a row that are not dictionary words, not opening the sentence: a name
    // (Dong Jun, Raúl Castro, Álvaro López Miera).
    const first = text[token.start] ?? '';
    const nameLike = i > 0 && first !== first.toLowerCase() && !isKnownWord(term);
    nameRun = nameLike ? nameRun + 1 : 0;
    if (nameRun >= 2) types |= AnswerType.person;
  });
  return types;
}

// Question openings, as folded word sequences, per type (German, English, Spanish).
const patterns: readonly (readonly [number, readonly string[]])[] = [
  [AnswerType.time, ['wann']],
  [AnswerType.time, ['welchem', 'jahr']],
  [AnswerType.time, ['welchen', 'jahr']],
  [AnswerType.time, ['welches', 'jahr']],
  [AnswerType.time, ['welchem', 'tag']],
  [AnswerType.time, ['welchem', 'monat']],
  [AnswerType.time, ['wie', 'lange']],
  [AnswerType.time, ['wie', 'vielen', 'jahren']],
  [AnswerType.time, ['when']],
  [AnswerType.time, ['what', 'year']],
  [AnswerType.time, ['how', 'long']],
  [AnswerType.time, ['cuando']],
  [AnswerType.number, ['wie', 'viele']],
  [AnswerType.number, ['wie', 'viel']],
  [AnswerType.number, ['wieviel']],
  [AnswerType.number, ['wieviele']],
  [AnswerType.number, ['wie', 'hoch']],
  [AnswerType.number, ['wie', 'weit']],
  [AnswerType.number, ['wie', 'gross']],
  [AnswerType.number, ['wie', 'alt']],
  [AnswerType.number, ['wie', 'oft']],
  [AnswerType.number, ['how', 'many']],
  [AnswerType.number, ['how', 'much']],
  [AnswerType.number, ['how', 'far']],
  [AnswerType.number, ['cuantos']],
  [AnswerType.number, ['cuantas']],
  [AnswerType.number, ['cuanto']],
  [AnswerType.reason, ['warum']],
  [AnswerType.reason, ['weshalb']],
  [AnswerType.reason, ['wieso']],
  [AnswerType.reason, ['weswegen']],
  [AnswerType.reason, ['wozu']],
  [AnswerType.reason, ['why']],
  [AnswerType.reason, ['por', 'que']],
  [AnswerType.reason, ['porque']],
  [AnswerType.person, ['wie', 'heisst']],
  [AnswerType.person, ['wie', 'heissen']],
  [AnswerType.person, ['wie', 'hiess']],
  [AnswerType.person, ['como', 'se', 'llama']],
  [AnswerType.person, ['wer']],
  [AnswerType.person, ['wen']],
  [AnswerType.person, ['wem']],
  [AnswerType.person, ['wessen']],
  [AnswerType.person, ['who']],
  [AnswerType.person, ['whom']],
  [AnswerType.person, ['quien']],
  [AnswerType.person, ['quienes']],
];

// Patterns by their first word, so a question is scanned once.
const byFirstWord = new Map<string, (readonly [number, readonly string[]])[]>();
for (const entry of patterns) {
  const first = entry[1][0] ?? '';
  const list = byFirstWord.get(first);
  if (list) list.push(entry);
  else byFirstWord.set(first, [entry]);
}

/**
 * The answer types a question asks for, from its folded words (accents dropped, umlauts folded).
 * With `asking`, marks the words of the question phrase ("welchem Jahr"): they name the kind of
 * answer wanted, not something the answer must mention.
 */
export function questionTypes(words: readonly string[], asking?: Uint8Array): number {
  let types = 0;
  for (let i = 0; i < words.length; i += 1) {
    if (sayingInQuestion.has(words[i] ?? '')) types |= AnswerType.statement;
    const candidates = byFirstWord.get(words[i] ?? '');
    if (!candidates) continue;
    for (const [type, pattern] of candidates) {
      let matches = true;
      for (let j = 1; j < pattern.length && matches; j += 1) matches = words[i + j] === pattern[j];
      if (!matches) continue;
      types |= type;
      if (asking) asking.fill(1, i, i + pattern.length);
    }
  }
  return types;
}
