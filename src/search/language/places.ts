/**
 * Countries, their capitals and their peoples (src/search/language/data/places-de.txt): news writing names a
 * government by its capital ("Washington warnt …", "Havanna und Peking"), a team or a nation by its
 * people ("die Dänen", "die kubanische Regierung"), and a reader may ask about "beide Länder" where
 * the article names them. General knowledge, the same for every article.
 */
export interface Places {
  /**
   * Calls `visit` with the terms that stand for the stem as a place: a capital's country (its name's
   * words), a country's capital, a people's or adjective's country (Däne, dänisch → Dänemark; not
   * back: "Deutschland" is not every "Deutsche Bahn"), and for a word meaning "country" every country
   * name. Weights are those of {@link placesDefaults}.
   */
  forEachRelated(stem: string, visit: (term: string, weight: number) => void): void;
  /**
   * Whether the stem names a place for sure: a country (one-word name), a capital, or a country's people
   * or adjective, and no other German word's stem (not "mal": Mali, but also "zum ersten Mal").
   */
  isPlace(stem: string): boolean;
}

export const placesDefaults = Object.freeze({
  /** A capital standing for its country, or a country for its capital (metonymy). */
  capitalWeight: 0.8,
  /** A country's people or adjective standing for the country (die Dänen, dänisch: Dänemark). */
  demonymWeight: 0.8,
  /** Times the weights above when the article has the word itself: the place it names is there already. */
  presentFactor: 0.75,
  /** A country's name standing for the word "Land" (an instance for its class). */
  instanceWeight: 0.5,
  /** Stems of the German nouns for a country. */
  countryNouns: Object.freeze(['land', 'staat', 'nation']),
});

/**
 * Parses places-de.txt: "<country>|<country>…\t<capital>|<capital>…\t<people or adjective>|…", country
 * names as stems joined by spaces; a stem that is also another word's is written "~stem".
 */
export function parsePlaces(text: string): Places {
  const ambiguous = new Set<string>();
  const unmark = (stem: string): string => {
    if (!stem.startsWith('~')) return stem;
    ambiguous.add(stem.slice(1));
    return stem.slice(1);
  };
  const countryOf = new Map<string, string[]>();
  const capitalsOf = new Map<string, string[]>();
  const singleWordCountries = new Set<string>();
  const countryOfPeople = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, values: readonly string[]): void => {
    const list = map.get(key) ?? [];
    for (const v of values) if (v !== key && !list.includes(v)) list.push(v);
    map.set(key, list);
  };
  for (const line of text.split('\n')) {
    const [names, capitals, peoples] = line.split('\t');
    if (!names || !capitals) continue;
    const capitalStems = capitals.split('|').map(unmark);
    const nameList = names.split('|').map(unmark);
    const nameWords = [...new Set(nameList.flatMap((n) => n.split(' ')))];
    for (const capital of capitalStems) add(countryOf, capital, nameWords);
    const oneWordNames = nameList.filter((name) => !name.includes(' '));
    const peopleStems = peoples ? peoples.split('|').map(unmark) : [];
    for (const name of oneWordNames) {
      add(capitalsOf, name, capitalStems);
      singleWordCountries.add(name);
    }
    for (const people of peopleStems) add(countryOfPeople, people, oneWordNames);
  }
  const countryNouns = new Set(placesDefaults.countryNouns);
  return {
    isPlace: (stem) => !ambiguous.has(stem) && (singleWordCountries.has(stem) || countryOf.has(stem) || countryOfPeople.has(stem)),
    forEachRelated(stem, visit) {
      for (const term of countryOf.get(stem) ?? []) visit(term, placesDefaults.capitalWeight);
      for (const term of capitalsOf.get(stem) ?? []) visit(term, placesDefaults.capitalWeight);
      for (const term of countryOfPeople.get(stem) ?? []) visit(term, placesDefaults.demonymWeight);
      if (countryNouns.has(stem)) for (const term of singleWordCountries) visit(term, placesDefaults.instanceWeight);
    },
  };
}
