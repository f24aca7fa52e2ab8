/**
 * Regenerates src/search/language/data/thesaurus-de.txt from OpenThesaurus as Debian ships it
 * (`apt-get install mythes-de`; LGPL-2.1, see src/search/language/data/README.md).
 *
 * Each output line is one synonym set: the folded Snowball stems of its one-word members, joined by
 * "|". Broader/narrower terms ("Oberbegriff"/"Unterbegriff") and antonyms are left out: they are
 * related words, not synonyms. Run: npx tsx scripts/build-thesaurus.ts [path/to/th_de_DE_v2.dat]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { foldGerman } from '../src/search/language/normalize.ts';
import { stemGerman } from '../src/search/language/stem.ts';

const input = process.argv[2] ?? '/usr/share/mythes/th_de_DE_v2.dat';
const output = new URL('../src/search/language/data/thesaurus-de.txt', import.meta.url);
const related = /\((Oberbegriff|Unterbegriff|Antonym)\)/;

const seen = new Set<string>();
const lines: string[] = [];
for (const line of readFileSync(input, 'utf8').split('\n')) {
  if (!line.startsWith('-|')) continue;
  const stems = new Set<string>();
  for (const item of line.slice(2).split('|')) {
    if (related.test(item)) continue;
    const word = item.replace(/\s*\([^)]*\)/g, '').trim();
    if (word === '' || /[\s.]/.test(word) || !/^\p{L}[\p{L}-]*$/u.test(word)) continue;
    stems.add(stemGerman(foldGerman(word).replace(/-/g, '')));
  }
  if (stems.size < 2) continue;
  const key = [...stems].sort().join('|');
  if (seen.has(key)) continue;
  seen.add(key);
  lines.push(key);
}
lines.sort();
writeFileSync(output, `${lines.join('\n')}\n`);
console.log(`${lines.length} synonym sets written to ${output.pathname}`);
