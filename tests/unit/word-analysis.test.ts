import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/corpus/load-articles.ts';
import { indexArticle } from '../../src/search/article/article-index.ts';
import { createFuzzyVocabulary } from '../../src/search/article/fuzzy.ts';
import { compoundDefaults, splitCompound } from '../../src/search/language/compound.ts';
import { tokenize } from '../../src/search/language/normalize.ts';
import { stemGerman } from '../../src/search/language/stem.ts';
import { createStemPrefixes } from '../../src/search/language/stem-prefixes.ts';
import { faqDir, testLexicon } from '../helpers/server.ts';

describe('the known-stem prefix test (stem-prefixes.ts)', () => {
  const prefixes = createStemPrefixes(['tag', 'minist', 'ab', 'verteid', 'bas']);

  it('passes a word that a known stem begins, from any offset', () => {
    expect(prefixes.mayBeKnown('ministers', 0)).toBe(true);
    expect(prefixes.mayBeKnown('verteidigungsministers', 13)).toBe(true);
    expect(prefixes.mayBeKnown('jahrestag', 6)).toBe(true);
    expect(prefixes.mayBeKnown('abend', 0)).toBe(true);
    expect(prefixes.mayBeKnown('basen', 0)).toBe(true);
  });

  it('rejects a word that no known stem begins, and says nothing about other characters', () => {
    expect(prefixes.mayBeKnown('minsiter', 0)).toBe(false);
    expect(prefixes.mayBeKnown('jahrestag', 4)).toBe(false);
    expect(prefixes.mayBeKnown('ta', 0)).toBe(false);
    expect(prefixes.mayBeKnown('xray', 0)).toBe(false);
    expect(prefixes.mayBeKnown('x-ray', 0)).toBe(true);
    expect(prefixes.mayBeKnown('2025', 0)).toBe(true);
  });

  it('never rejects a word whose Snowball stem the thesaurus knows (every cut of the article and the questions)', () => {
    const lexicon = testLexicon();
    const text = ['faq/kuba-china-militaer.md', 'tests/quality/articles/kuba-china-militaer/questions.jsonl', 'tests/quality/extra.jsonl']
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    let known = 0;
    for (const { term } of tokenize(text)) {
      for (let from = 0; from < term.length; from += 1) {
        if (!lexicon.isKnownStem(stemGerman(term.slice(from)))) continue;
        known += 1;
        expect(lexicon.mayBeKnownStem(term, from), `${term} from ${from}`).toBe(true);
      }
    }
    expect(known).toBeGreaterThan(500);
  });

  it('leaves compound splitting as it was: Verteidigungsminister, Spionagebasen, a typo head', () => {
    const lexicon = testLexicon();
    expect(splitCompound('verteidigungsminister', lexicon)).toEqual(['verteid', 'minist']);
    expect(splitCompound('spionagebasen', lexicon)).toEqual(['spionag', 'bas']);
    expect(splitCompound('verteidigungsminsiter', lexicon)).toBeUndefined();
  });
});

describe('word analysis memories', () => {
  it("keeps the articles' words when the questions' words are forgotten", () => {
    const lexicon = testLexicon();
    const article = lexicon.articleWord('zusammenarbeit', true);
    const question = lexicon.word('stromausfalle', true);
    lexicon.forgetWords();
    expect(lexicon.word('zusammenarbeit', true)).toBe(article);
    expect(lexicon.word('stromausfalle', true)).not.toBe(question);
    expect(lexicon.word('stromausfalle', true).stems).toEqual(question.stems);
  });
});

describe("an article's terms by thesaurus set (index.synonymTerms)", () => {
  it("lists exactly the members of each set that the article has, for every set its terms are in, but stop words' stems", () => {
    const lexicon = testLexicon();
    const [article] = loadArticles(faqDir).filter((a) => a.id === 'kuba-china-militaer');
    const index = indexArticle(article as NonNullable<typeof article>, lexicon);
    const sets = new Set<number>();
    let stopStems = 0;
    for (let local = 0; local < index.termCount; local += 1) {
      const term = index.termAt(local);
      if (lexicon.isStopStem(term)) stopStems += 1;
      else for (const id of lexicon.synonymSetsOf(term)) sets.add(id);
    }
    expect(sets.size).toBeGreaterThan(100);
    expect(stopStems).toBeGreaterThan(0);
    for (const id of sets) {
      const expected = lexicon
        .synonymSet(id)
        .filter((member) => index.has(member) && !lexicon.isStopStem(member))
        .sort();
      const found = [...(index.synonymTerms(id) ?? [])].map((local) => index.termAt(local)).sort();
      expect(found, `set ${id}`).toEqual([...new Set(expected)]);
      for (const local of index.synonymTerms(id) ?? []) expect(index.postingAt(local)).toEqual(index.posting(index.termAt(local)));
    }
    // A set none of the article's terms is in.
    const other = [...Array(5000).keys()].find((id) => !sets.has(id)) as number;
    expect(index.synonymTerms(other)).toBeUndefined();
  });
});

describe('typo look-up (fuzzy.ts)', () => {
  const vocabulary = createFuzzyVocabulary(['ziel', 'zahl', 'startet', 'gewonnen', 'teleskop']);
  const found = (word: string): string[] => vocabulary.lookup(word).map((m) => m.word);

  it('finds a short word typed with two letters swapped, which bitap counts as two typos (Zeil → Ziel)', () => {
    expect(found('zeil')).toEqual(['ziel']);
    expect(found('zhal')).toEqual(['zahl']);
  });

  it('finds one letter wrong, missing or doubled in a longer word', () => {
    expect(found('teleksop')).toEqual(['teleskop']);
    expect(found('gewonen')).toEqual(['gewonnen']);
  });

  it('but no other four-letter word one letter away (Zeit is no Ziel)', () => {
    expect(found('zeit')).toEqual([]);
  });
});

describe('compound splitting of overlong words', () => {
  it('does not split a "word" longer than compoundDefaults.maxWordChars (a hostile question, not German)', () => {
    const lexicon = testLexicon();
    expect(splitCompound('bahnhofstrassenlaterne', lexicon)).toBeDefined();
    const overlong = `${'bahnhof'.repeat(10)}laterne`;
    expect(overlong.length).toBeGreaterThan(compoundDefaults.maxWordChars);
    expect(splitCompound(overlong, lexicon)).toBeUndefined();
  });
});
