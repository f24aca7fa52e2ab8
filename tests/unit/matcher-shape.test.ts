import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/corpus/load-articles.ts';
import { parseArticle } from '../../src/corpus/parse-article.ts';
import { type ArticleIndex, indexArticle } from '../../src/search/article/article-index.ts';
import { analyzeQuestion, forgetConcepts, rememberedConcepts } from '../../src/search/match/query.ts';
import { rank } from '../../src/search/match/rank.ts';
import { faqDir, testLexicon } from '../helpers/server.ts';

// The matcher's shape (issue 12.5, docs/architecture.md): layers whose imports point one way
// (match → article → language), no import cycle inside src/search, and memories kept by the
// module that uses them, per index.

const searchDir = fileURLToPath(new URL('../../src/search/', import.meta.url));

/** Every .ts file under src/search, relative to it, with the relative imports it makes (resolved, relative to src/search) and the packages. */
function searchModules(): Map<string, { local: string[]; packages: string[] }> {
  const modules = new Map<string, { local: string[]; packages: string[] }>();
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) {
        const text = readFileSync(path, 'utf8');
        const specifiers = [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gms)].map((m) => m[1] as string);
        modules.set(relative(searchDir, path), {
          local: specifiers.filter((s) => s.startsWith('.')).map((s) => relative(searchDir, resolve(dirname(path), s))),
          packages: specifiers.filter((s) => !s.startsWith('.')),
        });
      }
    }
  };
  visit(searchDir);
  return modules;
}

/** The layer of a path relative to src/search: its first folder, or '' for a file beside the folders. */
const layerOf = (path: string): string => (path.includes('/') ? (path.split('/')[0] as string) : '');

describe('the matcher’s layers', () => {
  const modules = searchModules();

  it('finds the three layers', () => {
    expect(new Set([...modules.keys()].map(layerOf))).toEqual(new Set(['language', 'article', 'match', '']));
  });

  it('imports only downwards: language knows no article nor question, an article no question', () => {
    const below: Record<string, readonly string[]> = {
      language: ['language'],
      article: ['article', 'language', ''],
      match: ['match', 'article', 'language', ''],
      '': [],
    };
    const upward: string[] = [];
    for (const [path, { local }] of modules) {
      for (const target of local) {
        const allowed = below[layerOf(path)] ?? [];
        // Outside src/search: only the corpus's types, for the article an index is built from.
        if (target.startsWith('..')) {
          if (target !== '../corpus/types.ts' || layerOf(path) !== 'article') upward.push(`${path} → ${target}`);
        } else if (!allowed.includes(layerOf(target))) upward.push(`${path} → ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('has no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const walk = (path: string, trail: string[]): void => {
      if (state.get(path) === 'done') return;
      if (state.get(path) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(path)), path].join(' → '));
        return;
      }
      state.set(path, 'open');
      for (const target of modules.get(path)?.local ?? []) if (modules.has(target)) walk(target, [...trail, path]);
      state.set(path, 'done');
    };
    for (const path of modules.keys()) walk(path, []);
    expect(cycles).toEqual([]);
  });

  it('leaves fuse.js to the typo vocabulary alone', () => {
    const importers = [...modules].filter(([, { packages }]) => packages.includes('fuse.js')).map(([path]) => path);
    expect(importers).toEqual(['article/fuzzy.ts']);
  });
});

/** The answers `rank` gives, as plain data: unit, confidence, quote. */
function answersOf(question: string, index: ArticleIndex): string[] {
  const lexicon = testLexicon();
  return rank(analyzeQuestion(question, index, lexicon), index, 3).map((r) => `${r.unit.unit.id} ${r.confidence} ${r.quoteStart}-${r.quoteEnd}`);
}

const probe = parseArticle(
  [
    '---',
    'id: probe',
    'title: Ein Probeartikel',
    'language: de',
    'source: Probe',
    '---',
    '',
    'Die Fähre nach Helgoland fährt im Sommer zweimal täglich ab Cuxhaven.',
    '',
    'Der Umbau des Hafens hat 12 Millionen Euro gekostet und dauerte drei Jahre.',
    '',
  ].join('\n'),
  'probe.md',
);

describe('memories kept by their user, per index', () => {
  it('remembers a question word’s concept per index until forgetConcepts, and keeps indexes apart', () => {
    const lexicon = testLexicon();
    const [article] = loadArticles(faqDir);
    const index = indexArticle(article!, lexicon);
    const other = indexArticle(article!, lexicon);
    const question = 'Was sagte der Verteidigungsminister?';
    const first = analyzeQuestion(question, index, lexicon).concepts;
    expect(analyzeQuestion(question, index, lexicon).concepts[0]).toBe(first[0]);
    // Another index of the same article has a memory of its own: found anew, the same.
    const elsewhere = analyzeQuestion(question, other, lexicon).concepts;
    expect(elsewhere[0]).not.toBe(first[0]);
    expect(elsewhere).toEqual(first);
    forgetConcepts(index);
    const again = analyzeQuestion(question, index, lexicon).concepts;
    expect(again[0]).not.toBe(first[0]);
    expect(again).toEqual(first);
  });

  it('keeps the words readers repeat through endless numbers (a number appended to each question)', () => {
    const lexicon = testLexicon();
    const [article] = loadArticles(faqDir);
    const index = indexArticle(article!, lexicon);
    const question = 'Was sagte der Verteidigungsminister?';
    const first = analyzeQuestion(question, index, lexicon).concepts;
    // More numbers than the memory holds words: numbers are not remembered, so nothing is wiped.
    for (let n = 0; n <= rememberedConcepts; n += 1) analyzeQuestion(`${question} ${n}`, index, lexicon);
    expect(analyzeQuestion(question, index, lexicon).concepts[0]).toBe(first[0]);
    expect(analyzeQuestion(`${question} 2024`, index, lexicon).concepts.map((c) => c.word)).toEqual([...first.map((c) => c.word), '2024']);
    // An English question's last word, followed by a new number each time, is remembered as itself.
    const english = 'What did the defence minister say?';
    const before = analyzeQuestion(english, index, lexicon).concepts;
    for (let n = 0; n <= rememberedConcepts; n += 1) analyzeQuestion(`${english} ${n}`, index, lexicon);
    const after = analyzeQuestion(`${english} 7`, index, lexicon).concepts;
    expect(after.at(-2)).toBe(before.at(-1));
  });

  it('ranks alike whether an index’s working space was used before, by wider questions or on another article', () => {
    const lexicon = testLexicon();
    const [article] = loadArticles(faqDir);
    const questions = [
      'Wie weit ist Kuba von der Küste der USA entfernt und was sagt das Pentagon zu den Spionagebasen?',
      'Xinhua',
      'Was kostet der Umbau des Hafens?',
      'Wann fährt die Fähre?',
      'Wer ist der Verteidigungsminister?',
    ];
    // Each question on indexes of their own, the small article first (a working space shared
    // between indexes would then be too small for the large one).
    const fresh = questions.map((q) => [answersOf(q, indexArticle(probe, lexicon)), answersOf(q, indexArticle(article!, lexicon))]);
    expect(fresh[1]?.[1]?.[0]).toMatch(/^p-3 /);
    const small = indexArticle(probe, lexicon);
    const kuba = indexArticle(article!, lexicon);
    // The same questions, alternating between the two indexes, twice: widest first, so narrower ones reuse wider tables.
    for (let round = 0; round < 2; round += 1) {
      questions.forEach((q, i) => {
        expect([answersOf(q, small), answersOf(q, kuba)]).toEqual(fresh[i]);
      });
    }
    expect(fresh[2]?.[0]?.[0]).toMatch(/^p-2 /);
  });
});
