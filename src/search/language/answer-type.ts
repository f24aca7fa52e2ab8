import type { Token } from './normalize.ts';
import { stemGerman } from './stem.ts';
import { WordFact, type WordFacts, withFact } from './word-facts.ts';

/**
 * What kind of answer a question asks for, and what kinds a sentence can give: a bit set.
 * "Wann …?" wants a date, "Wie viele …?" a count, "Wie weit …?" a length, "Was kostet …?" an amount
 * of money, "Wer …?" a person. A sentence gives a kind when it holds one (a date, a number with its
 * unit, a name, a cause). Used to prefer, among sentences that match the question's words, the one
 * that can answer it, and to notice when no passage can: "Wie alt ist X?" where the article gives no age.
 */
export const AnswerType = {
  /** A point in time: a date, a month, a weekday, a year, a clock time. */
  time: 1,
  /** A span of time: a number of days, weeks, years; "monatelang". */
  duration: 2,
  /** A plain count: a number not of a date, an amount of money, a share or a measure. */
  count: 4,
  money: 8,
  /** A share: Prozent, %, die Hälfte. */
  share: 16,
  age: 32,
  /** How often: sechsmal, mehrfach, täglich. */
  frequency: 64,
  /** A length or distance (Kilometer, Meter, Lichtjahre), an area. */
  length: 128,
  /** A weight (Tonnen, Kilogramm, Gramm). */
  weight: 256,
  temperature: 512,
  person: 1024,
  reason: 2048,
  statement: 4096,
  place: 8192,
  /** A time from which something holds: seit 2018, ab dem 1. Juli. */
  since: 16384,
  /** A time until which something holds: bis Ende Februar 2026. */
  until: 32768,
} as const;

/** The kinds that are numbers: a question asking for one wants its noun in the same sentence (rank.ts). */
/** The kinds that are times. */
export const timeTypes = AnswerType.time | AnswerType.since | AnswerType.until;

export const numericTypes =
  AnswerType.duration |
  AnswerType.count |
  AnswerType.money |
  AnswerType.share |
  AnswerType.age |
  AnswerType.frequency |
  AnswerType.length |
  AnswerType.weight |
  AnswerType.temperature;

/** An amount of something: what "Wie viel …?" or "Welche Menge …?" may be answered with. */
const amount = AnswerType.count | AnswerType.money | AnswerType.share | AnswerType.length | AnswerType.weight | AnswerType.frequency;

const words = (list: string): ReadonlySet<string> => new Set(list.split(' '));

const months = words('januar februar marz april mai juni juli august september oktober november dezember jan feb sept okt nov dez');

/** Whether the folded word names a month (Januar, März, Sept). */
export function isMonth(folded: string): boolean {
  return months.has(folded);
}
const weekdays = words('montag dienstag mittwoch donnerstag freitag samstag sonntag montags dienstags mittwochs donnerstags freitags samstags sonntags');
// Adverbs and nouns that place an event in time by themselves. Not "während" or "nachdem": they relate events, they do not date them.
const timeWords = words(
  'gestern heute vorgestern ubermorgen damals kurzlich neulich zuletzt jungst jahrestag wochenende fruhjahr sommer herbst winter silvester ostern weihnachten sonntagabend montagabend samstagabend freitagabend morgens abends nachts',
);
// Units of time after a number make a span (drei Tage, 20 Stunden); "Uhr" makes a clock time.
const timeUnits = words(
  'sekunde sekunden minute minuten stunde stunden tag tage tagen woche wochen monat monate monaten jahr jahre jahren jahrzehnt jahrzehnte jahrzehnten jahrhundert jahrhunderte jahrhunderten',
);
const spanWords = /^(sekunden|minuten|stunden|tage|wochen|monate|jahre|jahrzehnte)lang$|^(\w+)(tagig|stundig|wochig|monatig)(e|en|er|es|em)?$/;
const numberWords = words(
  'zwei drei vier funf sechs sieben acht neun zehn elf zwolf dreizehn vierzehn funfzehn sechzehn siebzehn achtzehn neunzehn zwanzig dreissig vierzig funfzig sechzig siebzig achtzig neunzig hundert tausend dutzend dutzende hunderte tausende',
);
const ordinalWords =
  /^(zweit|dritt|viert|funft|sechst|siebt|acht|neunt|zehnt|elft|zwolft|zwanzigst|hundertst)(e|en|er|es|em)$|^(zweite|dritte|vierte|funfte|sechste)mal$/;
const scaleWords = words('millionen million milliarden milliarde billionen billion mio mrd tausend hundert');
const currencies = words('euro dollar cent pfund franken yen rubel yuan peso pesos eur usd');
const shares = words('prozent prozentpunkte prozentpunkt halfte drittel viertel promille');
const lengthUnits = words(
  'kilometer kilometern km meter metern m zentimeter cm millimeter mm lichtjahre lichtjahren lichtjahr meile meilen seemeilen quadratmeter quadratkilometer hektar mikrometer nanometer',
);
const weightUnits = words('tonnen tonne kilogramm kilo kg gramm g milligramm mg');
const temperatureUnits = words('grad celsius kelvin fahrenheit');
const frequencyWords =
  /^(ein|zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|elf|zwolf|zwanzig|hundert|viel|mehr|etlich|x)mal(s)?$|^(mehrfach|mehrmals|taglich|wochentlich|monatlich|jahrlich|stundlich)$/;
const ageWords = /^(\w*jahrig(e|en|er|es|em)?|alter|alters|lebensjahr|lebensjahres|lebensjahren|volljahrig\w*|minderjahrig\w*)$/;
const year = /^(1\d|20)\d\d(er)?$/;
// Conjunctions and prepositions that give a cause or a purpose ("weil", "aufgrund", "um … zu").
const reasonWords = words('weil da denn aufgrund wegen damit deshalb deswegen daher darum weshalb zwecks angesichts infolge grund grunde');
// Reported speech: verbs of saying (folded German forms) and the words that attribute a quote.
const sayingInSentence =
  /^(sag(t|te|ten)|gesagt|erklar(t|te|ten)|betont(e|en)?|bezeichnet(e|en)?|versichert(e|en)?|bekraftigt(e|en)?|unterstrich(en)?|unterstreicht|ausserte(n)?|geaussert|meinte(n)?|zitiert|laut|zufolge|kundigte(n)?|warnte(n)?|sprach(en)?|nannte(n)?)$/;
const quoteMarks = /[„“”"«»]/;
// Prepositions that put a name after them in a place (in Berlin, nach Peking, bei Kourou).
const placePrepositions = words('in im nach aus bei von vom auf');

const isNumber = (term: string): boolean => /^\d/.test(term) || numberWords.has(term) || ordinalWords.test(term);

/** The kind a number at `i` gives, from the words after it (its unit) and before it. */
function numberType(tokens: readonly Token[], i: number, text: string): number {
  const term = (tokens[i] as Token).term;
  const before = tokens[i - 1]?.term ?? '';
  let j = i + 1;
  // Past further digits and scale words: "1,5 Millionen Kilometer", "2.850 Euro", "13.20 Uhr".
  while (j < tokens.length && (/^\d+$/.test(tokens[j]?.term ?? '') || scaleWords.has(tokens[j]?.term ?? '')) && j - i <= 3) j += 1;
  const unit = tokens[j]?.term ?? '';
  if (months.has(unit) || months.has(before) || unit === 'uhr') return AnswerType.time;
  // "zehn Milliarden US-Dollar": the currency may follow a country's letters.
  if (currencies.has(unit) || currencies.has(before) || ((unit === 'us' || unit === 'eu') && currencies.has(tokens[j + 1]?.term ?? '')))
    return AnswerType.money;
  if (shares.has(unit)) return AnswerType.share;
  if (lengthUnits.has(unit)) return AnswerType.length;
  if (weightUnits.has(unit)) return AnswerType.weight;
  if (temperatureUnits.has(unit)) return AnswerType.temperature;
  if (unit === 'mal' || unit === 'male') return AnswerType.frequency;
  if (timeUnits.has(unit)) {
    // "18 Jahre alt", "ab 18 Jahren", "unter 21 Jahren": an age; else a span of time.
    if ((unit.startsWith('jahr') && tokens[j + 1]?.term === 'alt') || (unit.startsWith('jahr') && (before === 'ab' || before === 'unter' || before === 'uber')))
      return AnswerType.age;
    return AnswerType.duration;
  }
  // A year, unless a noun follows it: "2014 eröffnet", "im Jahr 1189", but "1500 Mitglieder".
  const next = tokens[i + 1];
  const nounFollows = next !== undefined && /\p{Lu}/u.test(text[next.start] ?? '');
  if (year.test(term) && !nounFollows) return AnswerType.time;
  if (before === 'ab' || before === 'unter') return AnswerType.age | AnswerType.count;
  return AnswerType.count;
}

/** The kind a unit word measures (Meilen: a length, Euro: money, Tage: a span), or 0. */
function unitType(word: string): number {
  if (lengthUnits.has(word)) return AnswerType.length;
  if (weightUnits.has(word)) return AnswerType.weight;
  if (currencies.has(word)) return AnswerType.money;
  if (temperatureUnits.has(word)) return AnswerType.temperature;
  if (shares.has(word)) return AnswerType.share;
  if (timeUnits.has(word)) return AnswerType.duration;
  return 0;
}

/** The answer types a sentence can give, from its folded tokens and original text. */
export function sentenceTypes(tokens: readonly Token[], text: string, isKnownWord: (folded: string) => boolean): number {
  let types = quoteMarks.test(text) ? AnswerType.statement : 0;
  if (text.includes('%')) types |= AnswerType.share;
  if (/[€$£]/.test(text)) types |= AnswerType.money;
  if (text.includes('°')) types |= AnswerType.temperature;
  let nameRun = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    const { term } = token;
    // An ordinal written as a noun mid-sentence is no number: "an Dritte" are third parties.
    const ordinalNoun = i > 0 && ordinalWords.test(term) && /\p{Lu}/u.test(text[token.start] ?? '');
    if (isNumber(term) && !ordinalNoun) types |= numberType(tokens, i, text);
    else if (months.has(term) || weekdays.has(term) || timeWords.has(term)) types |= AnswerType.time;
    else if (spanWords.test(term)) types |= AnswerType.duration;
    else if (frequencyWords.test(term)) types |= AnswerType.frequency;
    else if (ageWords.test(term)) types |= AnswerType.age;
    else if (shares.has(term) && (term !== 'prozent' || i > 0)) types |= AnswerType.share;
    if (sayingInSentence.test(term)) types |= AnswerType.statement;
    // "um" opening a purpose clause: a zu-infinitive follows (um … teilzunehmen, um … zu stärken).
    if (reasonWords.has(term) || (term === 'um' && tokens.slice(i + 1).some((t) => t.term === 'zu' || /.zu.{2,}en$/.test(t.term)))) types |= AnswerType.reason;
    const first = text[token.start] ?? '';
    const capitalized = i > 0 && first !== first.toLowerCase() && !/\d/.test(first);
    // A capitalized word that is no dictionary word after "in", "nach", "bei" …: a place (in Kourou, nach Peking).
    if (capitalized && placePrepositions.has(tokens[i - 1]?.term ?? '') && !isKnownWord(term)) types |= AnswerType.place;
    // Two capitalized words in a row that are not dictionary words, not opening the sentence: a name
    // (Dong Jun, Raúl Castro, Álvaro López Miera).
    nameRun = capitalized && !isKnownWord(term) ? nameRun + 1 : 0;
    if (nameRun >= 2) types |= AnswerType.person;
    // "seit 2018", "ab dem 1. Juli", "bis Ende Februar 2026": a time from or until which something holds.
    if (term === 'seit' || term === 'ab' || term === 'bis') {
      const after = tokens.slice(i + 1, i + 5).map((t) => t.term);
      if (after.some((w) => year.test(w) || months.has(w) || weekdays.has(w) || /^\d/.test(w))) types |= term === 'bis' ? AnswerType.until : AnswerType.since;
    }
  }
  return types;
}

// Question phrases, as folded word sequences, and the kinds they ask for (German, English, Spanish).
// The longer phrase wins where two start at the same word ("wie viel prozent" over "wie viel").
const patterns: readonly (readonly [number, string])[] = [
  [AnswerType.time, 'wann'],
  [AnswerType.time | AnswerType.duration | AnswerType.since, 'seit wann'],
  [AnswerType.time | AnswerType.until, 'bis wann'],
  [AnswerType.time | AnswerType.age | AnswerType.since, 'ab wann'],
  [AnswerType.time, 'welchem jahr'],
  [AnswerType.time, 'welchen jahr'],
  [AnswerType.time, 'welches jahr'],
  [AnswerType.time, 'welchem tag'],
  [AnswerType.time, 'welchem monat'],
  [AnswerType.time, 'welches datum'],
  [AnswerType.time, 'welchem datum'],
  [AnswerType.time | AnswerType.duration, 'welchem zeitraum'],
  [AnswerType.time | AnswerType.duration, 'welcher zeitraum'],
  [AnswerType.duration | AnswerType.time, 'wie lange'],
  [AnswerType.age, 'wie alt'],
  [AnswerType.age, 'welchem alter'],
  [AnswerType.age, 'wie vielen jahren'],
  [AnswerType.duration | AnswerType.time | AnswerType.count, 'seit wie vielen jahren'],
  [AnswerType.duration | AnswerType.time | AnswerType.count, 'seit wie viel jahren'],
  [AnswerType.age | AnswerType.duration, 'wie viele jahre'],
  [AnswerType.frequency | AnswerType.count, 'wie oft'],
  [AnswerType.frequency | AnswerType.count, 'wie haufig'],
  // "Wie viele …?" counts things (a plural noun follows): a number of them or a share; "Wie viel …?" may also measure.
  [AnswerType.count | AnswerType.share | AnswerType.frequency, 'wie viele'],
  [AnswerType.count | AnswerType.share | AnswerType.frequency, 'wieviele'],
  // The dative after a preposition: "Aus wie vielen Teilen …?", "In wie vielen Städten …?".
  [AnswerType.count | AnswerType.share | AnswerType.frequency, 'wie vielen'],
  [AnswerType.count | AnswerType.share | AnswerType.frequency, 'wievielen'],
  [amount, 'wie viel'],
  [amount, 'wieviel'],
  [amount, 'welche menge'],
  [AnswerType.share, 'wie viel prozent'],
  [AnswerType.share, 'welcher anteil'],
  [AnswerType.share, 'welchen anteil'],
  [AnswerType.money, 'wie viel geld'],
  [AnswerType.money, 'wie viel kostet'],
  [AnswerType.money, 'wie viel kosten'],
  [AnswerType.money, 'wie viel kostete'],
  [AnswerType.money, 'wie viel verdient'],
  [AnswerType.money, 'was kostet'],
  [AnswerType.money, 'was kosten'],
  [AnswerType.money, 'was kostete'],
  [AnswerType.money, 'wie teuer'],
  [AnswerType.money, 'welchen preis'],
  [AnswerType.duration | AnswerType.share, 'wie viel zeit'],
  [amount | AnswerType.temperature, 'wie hoch'],
  [AnswerType.length | AnswerType.count | AnswerType.share, 'wie gross'],
  [AnswerType.length, 'wie weit'],
  // "Wie weit kam die Mannschaft?" asks how far it got (a round), not a distance.
  [0, 'wie weit kam'],
  [0, 'wie weit kamen'],
  [0, 'wie weit kommt'],
  [0, 'wie weit kommen'],
  [AnswerType.length, 'wie nah'],
  [AnswerType.length, 'wie nahe'],
  [AnswerType.length, 'wie breit'],
  [AnswerType.length, 'wie tief'],
  [AnswerType.length | AnswerType.duration, 'wie lang'],
  [AnswerType.weight, 'wie schwer'],
  [AnswerType.temperature, 'wie heiss'],
  [AnswerType.temperature, 'wie kalt'],
  [AnswerType.temperature, 'wie warm'],
  [AnswerType.person, 'wie heisst'],
  [AnswerType.person, 'wie heissen'],
  [AnswerType.person, 'wie hiess'],
  [AnswerType.person, 'wer'],
  [AnswerType.person, 'wen'],
  [AnswerType.person, 'wem'],
  [AnswerType.person, 'wessen'],
  [AnswerType.place, 'wo'],
  [AnswerType.place, 'wohin'],
  [AnswerType.place, 'woher'],
  [AnswerType.place, 'welchen orten'],
  [AnswerType.place, 'welchem ort'],
  [AnswerType.place, 'welcher stadt'],
  [AnswerType.place, 'welchen stadten'],
  [AnswerType.place, 'welchem land'],
  [AnswerType.place, 'welchen landern'],
  [AnswerType.reason, 'warum'],
  [AnswerType.reason, 'weshalb'],
  [AnswerType.reason, 'wieso'],
  [AnswerType.reason, 'weswegen'],
  [AnswerType.reason, 'wozu'],
  [AnswerType.reason, 'welchem grund'],
  [AnswerType.time, 'when'],
  [AnswerType.time, 'what year'],
  [AnswerType.duration | AnswerType.time, 'how long'],
  [AnswerType.count | AnswerType.share | AnswerType.frequency, 'how many'],
  [amount, 'how much'],
  [AnswerType.money, 'how much does'],
  [AnswerType.length, 'how far'],
  [AnswerType.age, 'how old'],
  [AnswerType.frequency | AnswerType.count, 'how often'],
  [AnswerType.person, 'who'],
  [AnswerType.person, 'whom'],
  [AnswerType.place, 'where'],
  [AnswerType.reason, 'why'],
  [AnswerType.time, 'cuando'],
  [AnswerType.count | AnswerType.share | AnswerType.frequency, 'cuantos'],
  [AnswerType.count | AnswerType.share | AnswerType.frequency, 'cuantas'],
  [amount, 'cuanto'],
  [AnswerType.money, 'cuanto cuesta'],
  [AnswerType.person, 'quien'],
  [AnswerType.person, 'quienes'],
  [AnswerType.person, 'como se llama'],
  [AnswerType.place, 'donde'],
  [AnswerType.reason, 'por que'],
  [AnswerType.reason, 'porque'],
];

// Forms of "kosten": with "was" they ask for money too ("Was hat … gekostet?").
const costWords = /^(ge)?kost(e|et|en|ete|eten)?$/;
// Verbs and nouns of paying: with "wie viel" they ask for an amount of money.
const payingWords = new RegExp(
  `${costWords.source}|^(be)?zahl(t|te|ten|en)?$|^(be)?gezahlt$|^verdien(t|te|ten|en)?$|^preis(e)?$|^eingenommen$|^ausgegeben$|^investiert$|^geld$`,
);

// Nouns naming a sum of money, alone or as a compound's last part (Bußgeld, Inflationsausgleichsprämie,
// Verteidigungshaushalt, Stundenlohn): "Wie hoch ist die Prämie?" asks for an amount of money, not
// any number. Not "Gehalt" (the THC-Gehalt is a content, and a hyphen splits it from its THC), nor
// "-strafe" (a prison term), nor "-steuer" (a rate as often as a sum).
const moneyNouns =
  /(geld|geldes|gelder|preis|preise|preises|kosten|gebuhr|gebuhren|pramie|pramien|lohn|lohne|lohnes|honorar|miete|mieten|betrag|betrage|haushalt|haushalts|budget|etat|rente|renten|zuschuss|zuschusse|subvention|subventionen|schaden|schadens|umsatz|umsatze|einnahmen|kredit|kredite|schulden|investition|investitionen)$/;

// A question asking what someone said or how they described something (German, English, Spanish).
const sayingInQuestion = words(
  [
    'sagen sagt sagte sagten gesagt erklaren erklarte erklarten erklart aussern ausserte geaussert meinen meinte meinten',
    'bezeichnen bezeichnet bezeichnete bezeichneten beschreiben beschreibt beschrieb beschrieben charakterisieren charakterisiert charakterisierte',
    'nennen nennt nannte genannt betonen betont betonte bewerten bewertet bewertete kommentieren kommentierte',
    'say says said saying call called calls describe described describes tell told',
    'decir dice dijo dijeron dicho afirmar afirmo describir describio calificar califico',
  ].join(' '),
);

/** A question phrase: the kinds it asks for, and its words. */
type Phrase = readonly [number, readonly string[]];

/** The phrases beginning with one word: those of more words by their second word, longest first; the word alone. */
interface PhrasesFrom {
  readonly bySecond: Map<string, Phrase[]>;
  alone: Phrase | undefined;
}

// Patterns by their first word, then their second, longest first, so a question is scanned once, the
// longer phrase wins, and only phrases that can match are compared: each one compared is cache lines
// to read when the caches are cold, and "wie" begins forty.
const byFirstWord = new Map<string, PhrasesFrom>();
for (const [type, phrase] of patterns) {
  const sequence = phrase.split(' ');
  const first = sequence[0] ?? '';
  let from = byFirstWord.get(first);
  if (from === undefined) {
    from = { bySecond: new Map(), alone: undefined };
    byFirstWord.set(first, from);
  }
  const second = sequence[1];
  if (second === undefined) {
    from.alone ??= [type, sequence];
    continue;
  }
  const list = from.bySecond.get(second) ?? [];
  list.push([type, sequence]);
  list.sort((a, b) => b[1].length - a[1].length);
  from.bySecond.set(second, list);
}

/** The longest question phrase at word `i` of the folded words, if one is there. */
function phraseAt(folded: readonly string[], i: number): Phrase | undefined {
  const from = byFirstWord.get(folded[i] ?? '');
  if (from === undefined) return undefined;
  const next = folded[i + 1];
  const longer = next === undefined ? undefined : from.bySecond.get(next);
  if (longer !== undefined) {
    for (const phrase of longer) {
      const words = phrase[1];
      let matches = true;
      for (let j = 2; j < words.length && matches; j += 1) matches = folded[i + j] === words[j];
      if (matches) return phrase;
    }
  }
  return from.alone;
}

// "In welchen Städten …?", "Welches Jahr …?": the kind asked by the noun after "welch-", by its stem,
// so that the noun's other forms and typos ("In welchen Stätden …?", found as the article's Städte) ask it too.
const byAskedStem = new Map<string, number>();
for (const [type, phrase] of patterns) {
  const [first, noun, ...rest] = phrase.split(' ');
  if (!first?.startsWith('welch') || noun === undefined || rest.length > 0 || type === 0) continue;
  const stem = stemGerman(noun);
  byAskedStem.set(stem, (byAskedStem.get(stem) ?? 0) | type);
}

/** The words this module asks about of every question word: those beginning a question phrase, the verbs of saying. */
export function questionWordFacts(): WordFacts {
  return [...withFact(byFirstWord.keys(), WordFact.phraseStart), ...withFact(sayingInQuestion, WordFact.saying)];
}

/** The kind of answer a "Welche …?" question asks for by its noun's stem (stadt: a place; jahr: a time), or 0. */
export function askedNounTypes(stem: string): number {
  return byAskedStem.get(stem) ?? 0;
}

/**
 * "Wie viel hat … gekostet?": an amount asked for with a verb of paying (or a sum of money) anywhere
 * is money. Tested only when a phrase asking for money matched: most questions ask none.
 */
function asksPaying(folded: readonly string[]): boolean {
  for (const w of folded) if (payingWords.test(w) || moneyNouns.test(w)) return true;
  return false;
}

/**
 * The answer types a question asks for, from its folded words (accents dropped, umlauts folded).
 * With `asking`, marks the words of the question phrase ("welchem Jahr"): they name the kind of
 * answer wanted, not something the answer must mention. With `facts` (each word's WordFact bits, as
 * the lexicon gives them), the words no phrase begins with and the verbs of saying are told by them,
 * not looked up.
 */
export function questionTypes(folded: readonly string[], asking?: Uint8Array, facts?: ArrayLike<number>): number {
  let types = 0;
  for (let i = 0; i < folded.length; i += 1) {
    const fact = facts?.[i];
    if (fact === undefined ? sayingInQuestion.has(folded[i] ?? '') : (fact & WordFact.saying) !== 0) types |= AnswerType.statement;
    if (fact !== undefined && (fact & WordFact.phraseStart) === 0) continue;
    const phrase = phraseAt(folded, i);
    if (phrase === undefined) continue;
    const [type, pattern] = phrase;
    // "Wie viele Meilen …?", "Wie viel Euro …?": a unit after the phrase says what is measured.
    const measured = (type & amount) === 0 ? 0 : unitType(folded[i + pattern.length] ?? '');
    types |= measured !== 0 ? measured : (type & AnswerType.money) !== 0 && asksPaying(folded) ? AnswerType.money : type;
    // The verb of "wie viel kostet", "was kostet" is what is asked, not a word the answer must have.
    if (asking) asking.fill(1, i, i + pattern.length);
    i += pattern.length - 1;
  }
  // "Was hat … gekostet?", "Was wird … kosten?": "was kostet" with its verb split off to the end.
  if (folded[0] === 'was' && (types & AnswerType.money) === 0 && folded.some((w) => costWords.test(w))) types |= AnswerType.money;
  return types;
}
