/**
 * Regenerates src/search/language/data/places-de.txt: countries with their German names and capitals, so a
 * question may name a country by its capital ("Washington" for the United States, "Havanna" for
 * Cuba), as news writing does, and "Länder" may find the countries an article names. Sources
 * (licences in src/search/language/data/README.md):
 *   iso-codes (Debian)        ISO 3166-1 country names and their German translations
 *   countries-list (npm, dev) each country's capital (English name)
 *   src/search/language/data/en-de.txt German names of capitals where they differ (Moscow → Moskau)
 *   mythes-de (Debian)        OpenThesaurus: other German names of a country (USA, Russland),
 *                             taken from the synonym set that has the ISO name and "Land (Oberbegriff)"
 *   world-countries (npm, dev) each country's English demonym (Danish, Cuban), translated with en-de.txt
 *                             and checked against its and the thesaurus's German words
 * Each output line: "<country>|<country>…\t<capital>|<capital>…\t<demonym>|<demonym>…": the country's
 * German names (name and common name, words folded, stemmed and joined by spaces), its capital's stems,
 * and the stems of its people and adjective (Däne, dänisch; Kubaner, kubanisch).
 * Run: apt-get install iso-codes mythes-de && npx tsx scripts/build-places.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import stopwordsIso from 'stopwords-iso/stopwords-iso.json' with { type: 'json' };
import { loadLexicon } from '../src/search/language/load-lexicon.ts';
import { foldGerman } from '../src/search/language/normalize.ts';
import { stemGerman } from '../src/search/language/stem.ts';
import { foldSource } from '../src/search/language/translate.ts';
import { readMo } from './read-mo.ts';

/** Words of multi-word capital names that do not name the place (Mexico City, Washington D.C.). */
const generic = new Set([
  'city',
  'of',
  'the',
  'd',
  'c',
  'town',
  'port',
  'saint',
  'st',
  'san',
  'santo',
  'sao',
  'la',
  'el',
  'de',
  'new',
  'north',
  'south',
  'west',
  'point',
  'cove',
]);

const stems = (german: string): string[] =>
  foldGerman(german)
    .split(/[^a-z]+/)
    .filter(Boolean)
    .map(stemGerman);

const english = new Map<string, string[]>();
for (const line of readFileSync(new URL('../src/search/language/data/en-de.txt', import.meta.url), 'utf8').split('\n')) {
  const [word, translations] = line.split('\t');
  if (word && translations) english.set(word, translations.split('|'));
}

// The thesaurus as the matcher reads it. A demonym's noun (dän of dänisch) must be a German stem the
// dictionary or the thesaurus has, and no stop word (mal is no Malier).
const lexicon = loadLexicon();
const stopStems = new Set((stopwordsIso.de as string[]).map((w) => stemGerman(foldGerman(w))));
const dictionaryStems = new Set([...english.values()].flat());
const isGermanStem = (stem: string): boolean => (dictionaryStems.has(stem) || lexicon.isKnownStem(stem)) && !stopStems.has(stem);

const require = createRequire(import.meta.url);
const demonymsOf = new Map(
  (require('world-countries') as { cca2: string; demonyms?: { eng?: { f: string; m: string } } }[]).map((c) => [
    c.cca2,
    [c.demonyms?.eng?.m, c.demonyms?.eng?.f].filter((d): d is string => d !== undefined && d !== ''),
  ]),
);

/** Whether a thesaurus set of the stem has another member beginning as it does (franzos: franzmann). */
function thesaurusKin(stem: string): boolean {
  return lexicon.synonymSetsOf(stem).some((id) => lexicon.synonymSet(id).some((m) => m !== stem && m.startsWith(stem.slice(0, 3))));
}

/**
 * A country's people and adjective, as German stems: the dictionary's translations of its one-word
 * English demonym (Cuban → kuban, of Kubaner; Danish → dänisch) that begin as one of its one-word German
 * names does (which drops "German → blutsverwandt"): an adjective (-sch) with its noun when the
 * dictionary has it (dänisch → dän, of Däne), or a people's noun that is no thesaurus word (kuban,
 * not "Polish → Politur") with its regular adjective (kubanisch).
 */
function demonyms(alpha2: string, names: ReadonlySet<string>, official: string | undefined): string[] {
  const found = new Set<string>();
  // One-word names only: "Amerikanische Jungferninseln" are not what "amerikanisch" means. And the
  // last word of the official name (Vereinigte Staaten von Amerika).
  const starts = [...names].filter((n) => !n.includes(' ')).map((n) => n.slice(0, 3));
  const last = official === undefined ? undefined : stems(official).at(-1);
  if (last !== undefined && last.length >= 4) starts.push(last.slice(0, 3));
  for (const demonym of demonymsOf.get(alpha2) ?? []) {
    const word = foldSource(demonym);
    if (!/^[a-z]+$/.test(word)) continue;
    for (const t of [...(english.get(word) ?? []), ...(english.get(`${word}s`) ?? [])]) {
      if (t.length < 4 || !starts.includes(t.slice(0, 3))) continue;
      if (t.endsWith('sch')) {
        found.add(t);
        const noun = t.endsWith('isch') ? t.slice(0, -4) : undefined;
        if (noun !== undefined && noun.length >= 3 && isGermanStem(noun)) found.add(noun);
      } else if (!lexicon.isKnownStem(t) || thesaurusKin(t)) {
        // A people's noun (Kubaner, Chinese; Franzose with Franzmann) is no thesaurus word of another
        // meaning, as "Polish → Politur" is; its adjective is regular. Not of a feminine form.
        found.add(t);
        if (!/inn?$/.test(t)) found.add(`${t}isch`);
      }
    }
  }
  for (const name of names) found.delete(name);
  return [...found];
}

const { countries: capitals } = require('countries-list') as { countries: Record<string, { capital: string }> };
const iso = (
  JSON.parse(readFileSync('/usr/share/iso-codes/json/iso_3166-1.json', 'utf8')) as {
    '3166-1': { alpha_2: string; name: string; common_name?: string; official_name?: string }[];
  }
)['3166-1'];
const german = readMo('/usr/share/locale/de/LC_MESSAGES/iso_3166-1.mo');

/**
 * Other names of countries from OpenThesaurus: members of synonym sets whose broader term is a
 * country noun ("Land (Oberbegriff)"), without colloquial, derogatory or dated ones.
 */
function thesaurusNames(): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const line of readFileSync('/usr/share/mythes/th_de_DE_v2.dat', 'utf8').split('\n')) {
    if (!line.startsWith('-|') || !/\|(Land|Staat|Nation) \(Oberbegriff\)/.test(line)) continue;
    const members = line
      .split('|')
      .slice(1)
      .filter((m) => !/\((ugs|derb|veraltet|abwertend|Oberbegriff|fig|geh|scherzh|ironisch)/.test(m))
      .map((m) => m.replace(/\s*\([^)]*\)/g, '').trim())
      .filter(Boolean);
    for (const m of members) byName.set(m, [...new Set([...(byName.get(m) ?? []), ...members])]);
  }
  return byName;
}

/** Each stem of OpenThesaurus's one-word entries → those entries, folded (mal ← Mal, mal; mann ← Mann). */
function thesaurusSurfaces(): Map<string, Set<string>> {
  const byStem = new Map<string, Set<string>>();
  for (const line of readFileSync('/usr/share/mythes/th_de_DE_v2.dat', 'utf8').split('\n')) {
    for (const item of (line.startsWith('-|') ? line.slice(2) : (line.split('|')[0] ?? '')).split('|')) {
      const word = foldGerman(item.replace(/\s*\([^)]*\)/g, '').trim());
      if (!/^[a-z]+$/.test(word)) continue;
      const stem = stemGerman(word);
      const words = byStem.get(stem) ?? new Set<string>();
      words.add(word);
      byStem.set(stem, words);
    }
  }
  return byStem;
}

const others = thesaurusNames();
const surfaces = thesaurusSurfaces();
/** Every place's own words, folded (mali, kuba, havanna): a thesaurus entry that is one of them is that place. */
const placeWords = new Set<string>();
const rows: { names: Set<string>; places: Set<string>; peoples: string[] }[] = [];
for (const country of iso) {
  const names = new Set<string>();
  for (const name of [country.name, country.common_name]) {
    const de = name === undefined ? undefined : german.get(name);
    // Names with a comma are inverted forms ("Korea, Republik"); the plain name covers them.
    if (!de || de.includes(',') || de.includes('(')) continue;
    names.add(stems(de).join(' '));
    // The words of a one-word name (of many: "Französische Süd- und Antarktisgebiete" is no Franzose).
    if (!/\s/.test(de)) placeWords.add(foldGerman(de));
    // One-word names only: the many-word ones are historical or official forms (Heiliges Römisches Reich).
    for (const other of others.get(de) ?? [])
      if (!/\s/.test(other)) {
        names.add(stems(other).join(' '));
        placeWords.add(foldGerman(other));
      }
  }
  const capital = capitals[country.alpha_2]?.capital ?? '';
  const words = foldSource(capital)
    .split(/[^a-z]+/)
    .filter((w) => w.length > 2 && !generic.has(w));
  const places = new Set<string>();
  for (const word of words) {
    places.add(stemGerman(foldGerman(word)));
    placeWords.add(foldGerman(word));
    // The German exonym when the dictionary has one (beijing → peking); short fragments are noise.
    // Only a word the dictionary translates as a name (one or two ways, none a common word of many
    // senses): "Malé" is no "male" (Mann, männlich), "Road Town" no road.
    const exonyms = english.get(word) ?? [];
    if (words.length === 1 && exonyms.length <= 2)
      for (const t of exonyms)
        if (t.length >= 4 && lexicon.synonymSetsOf(t).length <= 3) {
          places.add(t);
          placeWords.add(t);
        }
  }
  names.delete('');
  if (names.size === 0 || places.size === 0) continue;
  rows.push({ names, places, peoples: demonyms(country.alpha_2, names, country.official_name === undefined ? undefined : german.get(country.official_name)) });
}

/**
 * A stem that is also another German word's (mal: Mali and "zum ersten Mal"; mann: Man and Mann; pol:
 * Pole and Pol) is written "~stem": it still stands for its place, but naming it says no place for
 * sure. Another word's: a thesaurus entry with the stem, no place's own word, and shorter than the
 * place's own words with the stem (for a people, whose own words are stems here: the bare stem itself).
 */
const mark = (stem: string): string => {
  const words = [...(surfaces.get(stem) ?? [])].filter((w) => !placeWords.has(w));
  // Words made of the place's (Berliner, deutschländisch) are longer than its name; "Mal" is shorter than "Mali".
  const own = [...placeWords].filter((w) => stemGerman(w) === stem).map((w) => w.length);
  // A people's adjective (spanisch, deutsch) is the people's own word.
  const other = own.length > 0 ? words.some((w) => w.length < Math.min(...own)) : words.includes(stem) && !stem.endsWith('sch');
  return other ? `~${stem}` : stem;
};
const lines = rows.map(({ names, places, peoples }) =>
  [
    [...names].map((name) => (name.includes(' ') ? name : mark(name))).join('|'),
    [...places].map((place) => mark(place)).join('|'),
    peoples.map((people) => mark(people)).join('|'),
  ].join('\t'),
);
lines.sort((a, b) => (a.replace(/^~/, '') < b.replace(/^~/, '') ? -1 : 1));
writeFileSync(new URL('../src/search/language/data/places-de.txt', import.meta.url), `${lines.join('\n')}\n`);
console.log(`places-de.txt: ${lines.length} countries`);
