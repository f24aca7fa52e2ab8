import { describe, expect, it } from 'vitest';
import { reliabilityOf, scoreSets } from '../../src/eval/score.ts';

describe('the reliability table of first answers', () => {
  it('counts answers per score band with their share right and mean score, and weighs the gaps into the ECE', () => {
    const first = [
      { score: 0.3, right: false },
      { score: 0.35, right: true },
      { score: 0.9, right: true },
      { score: 1, right: true },
      { score: 0.85, right: false },
      { score: 0.6, right: true },
    ];
    const { bands, ece, answered } = reliabilityOf(first);
    expect(answered).toBe(6);
    expect(bands.map((b) => [b.from, b.to, b.count, b.right])).toEqual([
      [0.2, 0.4, 2, 1],
      [0.4, 0.6, 0, 0],
      [0.6, 0.8, 1, 1],
      [0.8, 1, 3, 2],
    ]);
    expect(bands[0]?.meanScore).toBeCloseTo(0.325);
    expect(bands[3]?.meanScore).toBeCloseTo(0.9166667);
    // (2·|0.5 − 0.325| + 1·|1 − 0.6| + 3·|0.6667 − 0.9167|) / 6
    expect(ece).toBeCloseTo((2 * 0.175 + 0.4 + 3 * 0.25) / 6);
  });

  it('shows answers scored below the first band in a band of their own', () => {
    const { bands } = reliabilityOf([{ score: 0.1, right: false }]);
    expect(bands[0]).toMatchObject({ from: 0, to: 0.2, count: 1, right: 0 });
  });

  it('is perfectly calibrated when every band is right as often as it says', () => {
    const first = [...Array(10)].map((_, i) => ({ score: 0.9, right: i < 9 }));
    expect(reliabilityOf(first).ece).toBeCloseTo(0);
  });
});

describe('scoring several articles', () => {
  const answer = (text: string, score: number) => ({ text, quote: text, heading: '', unit: 'p-1', score });
  it('pools the figures of every article and names the article of each miss', () => {
    const report = scoreSets([
      { id: 'a', questions: [{ q: 'A?', expect: ['eins'], kind: 'keyword' }], replies: [{ answers: [answer('eins zwei', 0.9)] }] },
      {
        id: 'b',
        questions: [
          { q: 'B?', expect: ['drei'], kind: 'paraphrase' },
          { q: 'Off?', expect: [], kind: 'offtopic' },
        ],
        replies: [{ answers: [answer('vier', 0.5)] }, { answers: [] }],
      },
    ]);
    expect(report.articles.map((a) => [a.id, a.report.german.top1, a.report.german.questions])).toEqual([
      ['a', 1, 1],
      ['b', 0, 1],
    ]);
    expect(report.pooled.german).toMatchObject({ questions: 2, top1: 1 });
    expect(report.pooled.offtopic).toMatchObject({ questions: 1, abstained: 1 });
    expect(report.pooled.misses.map((m) => [m.article, m.question.q])).toEqual([['b', 'B?']]);
    expect(report.pooled.reliability.answered).toBe(2);
  });

  it('counts the right first answers whose quote, what the widget shows, holds the expected passage', () => {
    const quoted = (quote: string) => ({ text: 'Im Januar streikte sie. Der Streik dauerte drei Tage.', quote, heading: '', unit: 'p-1', score: 0.9 });
    const question = { q: 'Wie lange?', expect: ['drei Tage'], kind: 'paraphrase' };
    const report = scoreSets([
      {
        id: 'a',
        questions: [question, question],
        replies: [{ answers: [quoted('Der Streik dauerte drei Tage.')] }, { answers: [quoted('Im Januar streikte sie.')] }],
      },
    ]);
    // Both are right (the paragraph holds the passage); one quotes it.
    expect(report.pooled.german).toMatchObject({ top1: 2, quoted: 1 });
  });
});
