/** A sentence of a unit's text, by offsets into that text. */
export interface SentenceSpan {
  readonly start: number;
  readonly end: number;
}

const segmenter = new Intl.Segmenter('de', { granularity: 'sentence' });

// ICU ends a sentence at any ". " before a capital; in German that also follows ordinals
// ("zum 80. Jahrestag"), initials and common abbreviations, which do not end a sentence.
const abbreviations = new Set([
  'bzw',
  'ca',
  'dr',
  'etc',
  'evtl',
  'ggf',
  'jh',
  'mio',
  'mrd',
  'nr',
  'prof',
  'st',
  'usw',
  'vgl',
  'inkl',
  'sog',
  'bspw',
  'mr',
  'mrs',
  'jr',
  'sr',
  'gen',
  'lt',
  'abs',
  'art',
]);
const lastWordBeforeDot = /(?:^|[\s(„"'«])([\p{L}\p{N}]+)\.\s*$/u;

/** Splits a text into sentences (offsets, trailing white space excluded), German abbreviations respected. */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let start = 0;
  for (const { segment, index } of segmenter.segment(text)) {
    const end = index + segment.length;
    if (end < text.length && continuesSentence(segment)) continue;
    const trimmed = text.slice(start, end).trimEnd();
    if (trimmed.trim() !== '') spans.push({ start, end: start + trimmed.length });
    start = end;
  }
  return spans;
}

function continuesSentence(segment: string): boolean {
  const word = lastWordBeforeDot.exec(segment)?.[1];
  if (word === undefined) return false;
  return /^\d+$/.test(word) || word.length === 1 || abbreviations.has(word.toLowerCase());
}

// Words that open a German sentence by pointing back at the one before: personal and possessive
// pronouns (Er besteht aus …, Sein Spiegel …), demonstratives (Dieser, Dies) and the pronominal
// adverbs (Dort, Damit, Dabei, Deshalb …) that stand for what was just said. Folded forms.
const referringOpeners = new Set(
  (
    'er sie es ihm ihn ihnen sein seine seinen seinem seiner seines ihr ihre ihren ihrem ihrer ihres ' +
    'dieser diese dieses diesem diesen dies dort dabei damit dafur daher deshalb deswegen darin darauf ' +
    'daraus dazu davon dadurch danach davor dagegen darum hierzu hierfur'
  ).split(' '),
);

/** Whether a sentence opening with this folded word refers to the sentence before it ("Er besteht aus …"). */
export function refersBack(firstWord: string): boolean {
  return referringOpeners.has(firstWord);
}
