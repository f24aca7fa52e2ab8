import { describe, expect, it } from 'vitest';
import { splitCompound } from '../../src/search/language/compound.ts';
import { foldGerman, foldToAscii, tokenize } from '../../src/search/language/normalize.ts';
import { splitSentences } from '../../src/search/language/sentences.ts';
import { stemGerman, stemVariants } from '../../src/search/language/stem.ts';
import { testLexicon } from '../helpers/server.ts';

// German text handling (docs/architecture.md, src/search/language/normalize.ts): a reader's spelling and the
// article's meet in one folded form; tokens keep their offsets so quotes stay verbatim.

/** The terms and the original text of each token. */
function tokens(text: string): { term: string; text: string }[] {
  return tokenize(text).map((t) => ({ term: t.term, text: text.slice(t.start, t.end) }));
}

describe('foldGerman and foldToAscii', () => {
  it.each([
    ['Unterstützung', 'Unterstuetzung'],
    ['Stromausfälle', 'Stromausfaelle'],
    ['Militär', 'Militaer'],
    ['Größe', 'Groesse'],
    ['Übung', 'Uebung'],
    ['Äußerung', 'Aeusserung'],
    ['Straße', 'Strasse'],
  ])('folds the umlaut spelling %s and the digraph spelling %s alike', (umlaut, digraph) => {
    expect(foldGerman(umlaut)).toBe(foldGerman(digraph));
    expect(foldToAscii(umlaut)).toBe(foldToAscii(digraph));
  });

  it.each([
    ['Unterstützung', 'unterstutzung', 'unterstuetzung'],
    ['Stromausfälle', 'stromausfalle', 'stromausfaelle'],
    ['Militaer', 'militar', 'militaer'],
    ['Öl', 'ol', 'oel'],
    ['Straße', 'strasse', 'strasse'],
    ['ÄÖÜ', 'aou', 'aeoeue'],
  ])('folds %s to %s (foldGerman) and %s (foldToAscii)', (word, german, ascii) => {
    expect(foldGerman(word)).toBe(german);
    expect(foldToAscii(word)).toBe(ascii);
  });

  it.each(['neue', 'Quelle', 'Feuer', 'Bauer'])('keeps "ue" after a vowel or q in %s', (word) => {
    expect(foldGerman(word)).toBe(word.toLowerCase());
  });

  it.each([
    ['Díaz', 'Diaz', 'diaz'],
    ['Pekín', 'Pekin', 'pekin'],
    ['Raúl', 'Raul', 'raul'],
    ['Álvaro López', 'Alvaro Lopez', 'alvaro lopez'],
    ['Señor', 'Senor', 'senor'],
  ])('drops the accents of %s: it folds like %s', (accented, plain, folded) => {
    expect(foldGerman(accented)).toBe(folded);
    expect(foldGerman(plain)).toBe(folded);
    expect(foldToAscii(accented)).toBe(folded);
  });

  it.each(['UNTERSTÜTZUNG', 'Unterstützung', 'unterstützung', 'UNTERSTUETZUNG'])('ignores case: %s', (word) => {
    expect(foldGerman(word)).toBe('unterstutzung');
  });
});

describe('tokenize', () => {
  it('keeps typographic quotes and dashes out of tokens and their offsets', () => {
    const text = '„ein Modell“ – «eine» ‚neue‘ Ebene—dort';
    expect(tokens(text)).toEqual([
      { term: 'ein', text: 'ein' },
      { term: 'modell', text: 'Modell' },
      { term: 'eine', text: 'eine' },
      { term: 'neue', text: 'neue' },
      { term: 'ebene', text: 'Ebene' },
      { term: 'dort', text: 'dort' },
    ]);
  });

  it.each<[string, { term: string; start: number; end: number }[]]>([
    [
      'Díaz-Canel',
      [
        { term: 'diaz', start: 0, end: 4 },
        { term: 'canel', start: 5, end: 10 },
      ],
    ],
    [
      'US-Küste',
      [
        { term: 'us', start: 0, end: 2 },
        { term: 'kuste', start: 3, end: 8 },
      ],
    ],
    [
      'Süd-Süd-Kooperation',
      [
        { term: 'sud', start: 0, end: 3 },
        { term: 'sud', start: 4, end: 7 },
        { term: 'kooperation', start: 8, end: 19 },
      ],
    ],
    [
      'Wirtschafts- und Sozialkrise',
      [
        { term: 'wirtschafts', start: 0, end: 11 },
        { term: 'und', start: 13, end: 16 },
        { term: 'sozialkrise', start: 17, end: 28 },
      ],
    ],
  ])('splits %s at hyphens, with offsets', (text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  it.each<[string, { term: string; start: number; end: number }[]]>([
    ["d'Estaing", [{ term: 'destaing', start: 0, end: 9 }]],
    ['O’Neill', [{ term: 'oneill', start: 0, end: 7 }]],
    ["'zitiert'", [{ term: 'zitiert', start: 1, end: 8 }]],
    [
      'Kubas’ Küste',
      [
        { term: 'kubas', start: 0, end: 5 },
        { term: 'kuste', start: 7, end: 12 },
      ],
    ],
  ])('joins an apostrophe inside a word, not at its edges: %s', (text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  it.each<[string, { term: string; start: number; end: number }[]]>([
    [
      'zum 80. Jahrestag',
      [
        { term: 'zum', start: 0, end: 3 },
        { term: '80', start: 4, end: 6 },
        { term: 'jahrestag', start: 8, end: 17 },
      ],
    ],
    [
      'Im Jahr 2023',
      [
        { term: 'im', start: 0, end: 2 },
        { term: 'jahr', start: 3, end: 7 },
        { term: '2023', start: 8, end: 12 },
      ],
    ],
    [
      'G20 und A1B2',
      [
        { term: 'g20', start: 0, end: 3 },
        { term: 'und', start: 4, end: 7 },
        { term: 'a1b2', start: 8, end: 12 },
      ],
    ],
    [
      '100 Meilen',
      [
        { term: '100', start: 0, end: 3 },
        { term: 'meilen', start: 4, end: 10 },
      ],
    ],
  ])('keeps digits as words: %s', (text, expected) => {
    expect(tokenize(text)).toEqual(expected);
  });

  it('folds tokens like foldGerman and skips what is no letter or digit', () => {
    expect(tokens('Unterstuetzung für Díaz 😀 — «STROMAUSFÄLLE»!')).toEqual([
      { term: 'unterstutzung', text: 'Unterstuetzung' },
      { term: 'fur', text: 'für' },
      { term: 'diaz', text: 'Díaz' },
      { term: 'stromausfalle', text: 'STROMAUSFÄLLE' },
    ]);
  });
});

describe('stemGerman and stemVariants', () => {
  it.each([
    ['Stromausfälle', 'Stromausfaelle'],
    ['Stromausfälle', 'Stromausfall'],
    ['kubanischen', 'kubanische'],
    ['militärischen', 'militärische'],
    ['Beziehungen', 'Beziehung'],
    ['Regierungen', 'Regierung'],
  ])('gives %s and %s the same stem', (a, b) => {
    expect(stemGerman(foldGerman(a))).toBe(stemGerman(foldGerman(b)));
  });

  it.each([
    ['vereinbart', 'vereinbaren'],
    ['einigten', 'einigen'],
    ['gereist', 'reisen'],
    ['Kubas', 'Kuba'],
    ['Pekings', 'Peking'],
    ['kubanischen', 'Kuba'],
    ['chinesische', 'China'],
    // An -ieren verb's forms meet its noun as the infinitive does (kontrollieren, Kontrolle).
    ['kontrolliert', 'Kontrolle'],
  ])('lets %s meet %s through a stem variant', (form, base) => {
    expect(stemVariants(foldGerman(form))).toContain(stemGerman(foldGerman(base)));
  });

  it('puts the plain stem first among the variants', () => {
    for (const word of ['vereinbart', 'kubas', 'kubanischen', 'stromausfalle']) expect(stemVariants(word)[0]).toBe(stemGerman(word));
  });

  it.each(['2023', 'usa', 'xi'])('leaves digits and words of three letters or fewer as they are: %s', (word) => {
    expect(stemGerman(word)).toBe(word);
    expect(stemVariants(word)).toEqual([word]);
  });
});

describe('splitCompound with the real lexicon', () => {
  const lexicon = testLexicon();

  it.each([
    ['Spionagebasen', ['spionag', 'bas']],
    ['Verteidigungsminister', ['verteid', 'minist']],
    ['Machtgleichgewicht', ['macht', 'gleichgewicht']],
    ['Stromausfälle', ['strom', 'ausfall']],
    ['Militärkommission', ['militar', 'kommission']],
  ])('splits %s into the stems of its parts', (word, parts) => {
    expect(splitCompound(foldGerman(word), lexicon)).toEqual(parts);
  });

  it.each(['Haus', 'Kuba', 'Bahnhof', 'Landtag', 'Militär'])('does not split the short word %s, even a compound of known words', (word) => {
    expect(splitCompound(foldGerman(word), lexicon)).toBeUndefined();
  });

  it.each(['Kooperation', 'Regierungen', 'Beziehungen', 'Freundschaft', 'Verteidigung', 'Havanna', 'Besorgnis', 'Generalmajor'])(
    'does not split the plain word %s',
    (word) => {
      expect(splitCompound(foldGerman(word), lexicon)).toBeUndefined();
    },
  );
});

describe('splitSentences', () => {
  /** The sentences of `text` as strings, checking that each span is exactly its slice. */
  function sentences(text: string): string[] {
    return splitSentences(text).map(({ start, end }) => text.slice(start, end));
  }

  it('does not end a sentence at an ordinal ("80. Jahrestag")', () => {
    expect(sentences('Das Treffen findet statt. Es fällt auf den 80. Jahrestag des Endes. Danach mehr.')).toEqual([
      'Das Treffen findet statt.',
      'Es fällt auf den 80. Jahrestag des Endes.',
      'Danach mehr.',
    ]);
  });

  it.each([
    ['Es gibt z. B. Äpfel. Und Birnen.', ['Es gibt z. B. Äpfel.', 'Und Birnen.']],
    ['Das ist usw. gut. Dr. Müller kam.', ['Das ist usw. gut.', 'Dr. Müller kam.']],
    ['Rund 100 Mio. Menschen. Vgl. Nr. 5 oben.', ['Rund 100 Mio. Menschen.', 'Vgl. Nr. 5 oben.']],
  ])('does not end a sentence at an abbreviation: %s', (text, expected) => {
    expect(sentences(text)).toEqual(expected);
  });

  it('gives exact offsets, white space between and after sentences excluded', () => {
    expect(splitSentences('Eins.  Zwei!   Drei? ')).toEqual([
      { start: 0, end: 5 },
      { start: 7, end: 12 },
      { start: 15, end: 20 },
    ]);
    expect(splitSentences('Ohne Punkt')).toEqual([{ start: 0, end: 10 }]);
    expect(splitSentences('')).toEqual([]);
  });

  it('keeps the article paragraph with "zum 80. Jahrestag" one sentence', () => {
    const text =
      'Das Treffen findet wenige Tage statt, nachdem Miguel Díaz-Canel nach Peking gereist ist, um an der Parade zum 80. Jahrestag des Endes des Zweiten Weltkriegs im Pazifik teilzunehmen, wo beide Regierungen betonten, dass ihre Beziehungen "ihren besten Moment" erleben.';
    expect(splitSentences(text)).toEqual([{ start: 0, end: text.length }]);
  });
});
