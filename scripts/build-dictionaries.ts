/**
 * Regenerates the bilingual dictionaries src/search/language/data/{en,es}-de.txt, which let English and
 * Spanish questions meet the German article's words. Sources (Debian packages; licences in
 * src/search/language/data/README.md):
 *   dict-freedict-eng-deu, dict-freedict-spa-deu   FreeDict (dictd format)
 *   iso-codes                                        country names (ISO 3166-1) in en/es/de
 * Each output line: "<source word(s), folded>\t<German stem>|<German stem>…": one source word
 * (two for country names such as "Latin America"), one-word German translations (at most 8, in
 * dictionary order), folded and stemmed
 * as the matcher does. Run: npx tsx scripts/build-dictionaries.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { foldGerman } from '../src/search/language/normalize.ts';
import { stemGerman } from '../src/search/language/stem.ts';
import { foldSource } from '../src/search/language/translate.ts';
import { readMo } from './read-mo.ts';

const maxTranslations = 8;
const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const decode = (s: string): number => [...s].reduce((n, c) => n * 64 + base64.indexOf(c), 0);

type Entries = Map<string, string[]>;

function add(entries: Entries, key: string, german: string): void {
  const words = foldGerman(german)
    .split(/[^a-z]+/)
    .filter(Boolean);
  if (words.length !== 1 || key === '') return;
  const stem = stemGerman(words[0] ?? '');
  const list = entries.get(key) ?? [];
  if (!list.includes(stem) && list.length < maxTranslations) list.push(stem);
  entries.set(key, list);
}

function sourceKey(headword: string, maxWords: number): string {
  const words = foldSource(headword)
    .split(/[^a-z]+/)
    .filter(Boolean);
  return words.length >= 1 && words.length <= maxWords ? words.join(' ') : '';
}

function readFreeDict(name: string, entries: Entries): void {
  const dict = gunzipSync(readFileSync(`/usr/share/dictd/freedict-${name}.dict.dz`));
  for (const line of readFileSync(`/usr/share/dictd/freedict-${name}.index`, 'utf8').split('\n')) {
    const [headword, offset, length] = line.split('\t');
    if (!headword || !offset || !length || headword.startsWith('00-') || !/^[\p{L}' -]+$/u.test(headword)) continue;
    // One-word headwords only: the two-word ones are mostly technical terms (and triple the file).
    const key = sourceKey(headword, 1);
    if (key === '') continue;
    const start = decode(offset);
    const body = dict
      .subarray(start, start + decode(length))
      .toString('utf8')
      .split('\n');
    // Line 0 is the headword and pronunciation; the next lines up to the first example are senses.
    for (const sense of body.slice(1)) {
      if (/^\s+("|Note:|Synonym|see:)/.test(sense) || sense.trim() === '') break;
      const plain = sense.replace(/<[^>]*>|\[[^\]]*\]|\([^)]*\)|\{[^}]*\}|^\s*\d+\.\s*/g, '');
      for (const part of plain.split(/[,;]/)) add(entries, key, part.trim().replace(/^sich\s+/, ''));
    }
  }
}

function readCountries(entries: Entries, language: 'en' | 'es'): void {
  const countries = (JSON.parse(readFileSync('/usr/share/iso-codes/json/iso_3166-1.json', 'utf8')) as { '3166-1': { name: string; common_name?: string }[] })[
    '3166-1'
  ];
  const german = readMo('/usr/share/locale/de/LC_MESSAGES/iso_3166-1.mo');
  const local = language === 'en' ? undefined : readMo(`/usr/share/locale/${language}/LC_MESSAGES/iso_3166-1.mo`);
  for (const country of countries) {
    for (const name of [country.name, country.common_name]) {
      if (!name) continue;
      const de = german.get(name);
      const source = local ? local.get(name) : name;
      if (!de || !source) continue;
      const key = sourceKey(source, 2);
      // Multi-word German names ("Vereinigte Staaten") give each word; the matcher needs all of them.
      for (const word of de.split(/\s+/)) if (key !== '') add(entries, key, word);
    }
  }
}

function write(entries: Entries, file: string): void {
  const lines = [...entries]
    .filter(([, v]) => v.length > 0)
    .map(([k, v]) => `${k}\t${v.join('|')}`)
    .sort();
  writeFileSync(new URL(`../src/search/language/data/${file}`, import.meta.url), `${lines.join('\n')}\n`);
  console.log(`${file}: ${lines.length} entries`);
}

const english: Entries = new Map();
readCountries(english, 'en');
readFreeDict('eng-deu', english);
write(english, 'en-de.txt');

const spanish: Entries = new Map();
readCountries(spanish, 'es');
readFreeDict('spa-deu', spanish);
write(spanish, 'es-de.txt');
