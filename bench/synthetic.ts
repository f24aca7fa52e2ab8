import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadArticleFile } from '../src/corpus/load-articles.ts';
import { escapeHeading, escapeParagraph } from '../src/corpus/markdown-escape.ts';
import type { Article, Unit } from '../src/corpus/types.ts';
import { createRandom, type Random } from './prng.ts';
import { fillerNouns, fillerWords, namePools, nameSlots } from './synthetic-words.ts';

/** The real article every synthetic one is varied from. */
export const realArticlePath = fileURLToPath(new URL('../faq/kuba-china-militaer.md', import.meta.url));

/** How strongly an article is varied (shares per word or sentence). */
export const syntheticDefaults = Object.freeze({
  /** A content word of 4+ letters is swapped for another of the same case this often. */
  wordSwap: 0.15,
  sentenceDrop: 0.1,
  sentenceDuplicate: 0.05,
});

/** Word pools drawn from the real article: capitalized words (nouns, names) and lower-case ones. */
interface Vocabulary {
  readonly nouns: readonly string[];
  readonly others: readonly string[];
}

const wordPattern = /\p{L}{4,}/gu;

function vocabularyOf(article: Article): Vocabulary {
  const nouns = new Set<string>(fillerNouns);
  const others = new Set<string>(fillerWords);
  // Names are varied per article on their own; drawn as filler they would leak the real article's names.
  const nameWords = new Set(nameSlots.flatMap(([name]) => [...name.matchAll(wordPattern)].map(([w]) => w)));
  for (const unit of article.units) {
    for (const [word] of `${unit.heading} ${unit.text}`.matchAll(wordPattern)) {
      if (!nameWords.has(word)) (word[0] === word[0]?.toLowerCase() ? others : nouns).add(word);
    }
  }
  return { nouns: [...nouns], others: [...others] };
}

/** One article's wording: its own names and numbers, swapped words; in body text, dropped and doubled sentences. */
function varyText(text: string, random: Random, names: ReadonlyMap<string, string>, vocabulary: Vocabulary, isBody: boolean): string {
  let out = text;
  for (const [name, replacement] of names) out = out.replaceAll(name, replacement);
  out = out.replace(/\d+/g, (digits) => String(10 ** (digits.length - 1) + random.below(9 * 10 ** (digits.length - 1))));
  out = out.replace(wordPattern, (word) => {
    if (!random.chance(syntheticDefaults.wordSwap)) return word;
    return random.pick(word[0] === word[0]?.toLowerCase() ? vocabulary.others : vocabulary.nouns);
  });
  if (!isBody) return out;
  const sentences = out.split(/(?<=[.!?])\s+(?=\p{Lu})/u);
  const kept: string[] = [];
  for (const sentence of sentences) {
    if (sentences.length > 1 && random.chance(syntheticDefaults.sentenceDrop)) continue;
    kept.push(sentence);
    if (random.chance(syntheticDefaults.sentenceDuplicate)) kept.push(sentence);
  }
  return (kept.length > 0 ? kept : sentences).join(' ');
}

/** Consecutive body paragraphs under the same heading. */
function sectionsOf(units: readonly Unit[]): { heading: string; texts: string[] }[] {
  const sections: { heading: string; texts: string[] }[] = [];
  for (const unit of units) {
    if (unit.kind !== 'paragraph') continue;
    const last = sections.at(-1);
    if (last && last.heading === unit.heading) last.texts.push(unit.text);
    else sections.push({ heading: unit.heading, texts: [unit.text] });
  }
  return sections;
}

/** The faq/ Markdown of synthetic article number `n`: the real one reworded, paragraphs and FAQs reordered. */
export function syntheticArticle(real: Article, n: number, vocabulary: Vocabulary = vocabularyOf(real)): { id: string; markdown: string } {
  const random = createRandom(0x5eed + n);
  const names = new Map(nameSlots.map(([name, kind]) => [name, random.pick(namePools[kind])] as const));
  const vary = (text: string): string => varyText(text, random, names, vocabulary, true);
  const varyLine = (text: string): string => varyText(text, random, names, vocabulary, false);
  const id = `synth-${String(n).padStart(5, '0')}`;
  const [lead, ...rest] = sectionsOf(real.units);
  const lines = ['---', `id: ${id}`, `title: ${JSON.stringify(varyLine(real.title))}`, 'language: de', 'source: faq-chat benchmark', '---', ''];
  for (const text of random.shuffle(lead?.texts ?? [])) lines.push(escapeParagraph(vary(text)), '');
  for (const section of random.shuffle(rest)) {
    lines.push(`## ${escapeHeading(varyLine(section.heading))}`, '');
    for (const text of random.shuffle(section.texts)) lines.push(escapeParagraph(vary(text)), '');
  }
  lines.push(`## ${escapeHeading(varyLine('Häufig gestellte Fragen'))}`, '');
  for (const faq of random.shuffle(real.units.filter((u) => u.kind === 'faq'))) {
    lines.push(`### ${escapeHeading(varyLine(faq.heading))}`, '');
    for (const text of faq.text.split('\n\n')) lines.push(escapeParagraph(vary(text)), '');
  }
  return { id, markdown: lines.join('\n') };
}

/**
 * Writes a directory with the real article and `count - 1` synthetic ones (ids synth-00001 …),
 * to be loaded by the real loader, so parsing is measured too. Returns the directory.
 */
export function writeCorpus(count: number, parent: string = mkdtempSync(join(tmpdir(), 'faq-bench-'))): string {
  const dir = join(parent, `articles-${count}`);
  mkdirSync(dir, { recursive: true });
  copyFileSync(realArticlePath, join(dir, 'kuba-china-militaer.md'));
  const real = loadArticleFile(realArticlePath);
  const vocabulary = vocabularyOf(real);
  for (let n = 1; n < count; n += 1) {
    const { id, markdown } = syntheticArticle(real, n, vocabulary);
    writeFileSync(join(dir, `${id}.md`), markdown);
  }
  return dir;
}
