import { describe, expect, it } from 'vitest';
import { WordTable } from '../../src/search/language/word-table.ts';
import { testLexicon } from '../helpers/server.ts';

// The dense table the question's words are looked up in (one slot a word, open addressing): it must
// answer exactly as a Map of the same entries would, for every kind of key.

describe('WordTable', () => {
  it('gives each word the bits of all its entries, and 0 for any other word', () => {
    const entries: [string, number][] = [
      ['wie', 1],
      ['wie', 8],
      ['welchem', 8],
      ['über', 2],
      ['für', 4],
      ['ß', 16],
      ['a', 1],
      ['x'.repeat(28), 32],
    ];
    const table = new WordTable(entries);
    expect(table.get('wie')).toBe(9);
    expect(table.get('welchem')).toBe(8);
    expect(table.get('über')).toBe(2);
    expect(table.get('ß')).toBe(16);
    expect(table.get('a')).toBe(1);
    expect(table.get('x'.repeat(28))).toBe(32);
    for (const absent of ['', 'wi', 'wiee', 'Wie', 'uber', 'welche', 'x'.repeat(27), 'x'.repeat(29), 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz']) {
      expect(table.get(absent), absent).toBe(0);
    }
  });

  it('keeps keys that fit no slot (longer than 28 letters, or beyond Latin-1) apart, and finds them', () => {
    const long = 'donaudampfschifffahrtsgesellschaftskapitaen';
    const table = new WordTable([
      [long, 4],
      ['café', 2],
      ['naïve', 1],
      ['日本', 8],
      ['𝔘𝔫𝔦', 16],
    ]);
    expect(table.get(long)).toBe(4);
    expect(table.get('café')).toBe(2);
    expect(table.get('naïve')).toBe(1);
    expect(table.get('日本')).toBe(8);
    expect(table.get('𝔘𝔫𝔦')).toBe(16);
    expect(table.get(`${long}s`)).toBe(0);
    expect(table.get('日')).toBe(0);
  });

  it('refuses facts that do not fit its three bytes', () => {
    expect(() => new WordTable([['wort', 1 << 24]])).toThrow(RangeError);
  });

  it("agrees with a Map on thousands of words, present and absent (the lexicon's stop words and their neighbours)", () => {
    const lexicon = testLexicon();
    const expected = new Map<string, number>();
    for (const [list, bit] of [
      [lexicon.stopwords.de, 1],
      [lexicon.stopwords.en, 2],
      [lexicon.stopwords.es, 4],
    ] as const)
      for (const word of list) expected.set(word, (expected.get(word) ?? 0) | bit);
    const table = new WordTable([...expected]);
    expect(expected.size).toBeGreaterThan(2000);
    for (const [word, bits] of expected) {
      expect(table.get(word)).toBe(bits);
      expect(table.get(`${word}q`)).toBe(expected.get(`${word}q`) ?? 0);
      expect(table.get(word.slice(1))).toBe(expected.get(word.slice(1)) ?? 0);
    }
  });
});
