import { stemmer as germanStemmer } from '@orama/stemmers/german';

/**
 * Snowball German stem of a word already folded by `foldGerman` (so "Stromausfälle" and
 * "Stromausfaelle" share the stem "stromausfall"). Digits and very short words stay as they are.
 */
export function stemGerman(folded: string): string {
  if (folded.length <= 3 || !/^[a-z]/.test(folded)) return folded;
  return germanStemmer(folded);
}

// Weak-verb endings (past tense, participle, 2nd/3rd person) that Snowball leaves on the stem:
// "vereinbart" and "vereinbaren", "einigten" and "einigen" should meet.
const verbEndings = ['eten', 'ete', 'test', 'tet', 'ten', 'te', 'et', 'st', 't'];
const minBaseChars = 4;

/** Separable verb prefixes, folded (they also stand alone at the end of a clause: "nimmt … teil"). */
export const separablePrefixes: ReadonlySet<string> = new Set(
  'ab an auf aus bei dabei dar davon ein empor entgegen fest fort frei gegenuber heim her herab heran herauf heraus herbei herein herum herunter hervor hin hinab hinauf hinaus hinein hinzu hoch los mit nach nieder statt teil um voran voraus vor vorbei weg weiter zu zuruck zurecht zusammen'.split(
    ' ',
  ),
);
const placeAdjective = /^([a-z]+?)(?:esisch|anisch)(?:e|en|er|es|em)?$/;
const separableGe = new RegExp(`^(${[...separablePrefixes].join('|')})ge([a-z]{3,})$`);
const zuInfinitive = new RegExp(`^(${[...separablePrefixes].join('|')})zu([a-z]{3,}en)$`);

/**
 * The stem of a folded word followed by the stems of the verb forms it may be (the infinitive
 * behind a weak past tense or participle: "gereist" → reis, "charakterisierte" → charakterisi).
 */
export function stemVariants(folded: string): string[] {
  const primary = stemGerman(folded);
  const variants = [primary];
  if (folded.length < minBaseChars + 1 || !/^[a-z]+$/.test(folded)) return variants;
  // Verbs in -ieren keep an "i" the nouns lack: interessieren → interessi, Interesse → interess;
  // their nouns in -ation drop it too: Kooperation → kooper, kooperieren → kooperi → kooper.
  if (primary.endsWith('i') && primary.length >= 6) variants.push(primary.slice(0, -1));
  if (primary.endsWith('ation') && primary.length >= 9) variants.push(primary.slice(0, -5));
  // Genitive and plural -s that Snowball keeps after vowels: Kubas → kuba, Pekings → peking.
  if (folded.endsWith('s') && folded.length >= 5) {
    const stem = stemGerman(folded.slice(0, -1));
    if (!variants.includes(stem)) variants.push(stem);
  }
  // Adjectives of place names in -a: chinesisch → china, kubanisch → kuba, amerikanisch → amerika.
  const place = placeAdjective.exec(folded);
  if (place?.[1] && place[1].length >= 3) {
    const stem = stemGerman(`${place[1]}a`);
    if (!variants.includes(stem)) variants.push(stem);
  }
  // zu-infinitives of separable verbs: aus-zu-bauen → ausbauen.
  const infinitive = zuInfinitive.exec(folded);
  if (infinitive) addInfinitive(variants, `${infinitive[1]}${infinitive[2]}`.slice(0, -2));
  const separableParticiple = separableGe.exec(folded);
  for (const ending of verbEndings) {
    if (!folded.endsWith(ending)) continue;
    const base = folded.slice(0, -ending.length);
    addInfinitive(variants, base);
    // Participles: ge-reis-t, ge-mach-t; of separable verbs: aus-ge-lös-t → auslösen.
    if (base.startsWith('ge') && base.length >= minBaseChars + 2) addInfinitive(variants, base.slice(2));
    else if (separableParticiple?.[1] && separableParticiple[2])
      addInfinitive(variants, separableParticiple[1] + separableParticiple[2].slice(0, -ending.length));
  }
  return variants;
}

/** Adds the stem of the infinitive `base` + "en" (a verb form's base) unless too short or there. */
function addInfinitive(variants: string[], base: string): void {
  if (base.length < minBaseChars) return;
  const stem = stemGerman(`${base}en`);
  if (!variants.includes(stem)) variants.push(stem);
  // An -ieren verb's form meets its noun as the infinitive does: kontrolliert → kontrolli → kontroll (Kontrolle).
  if (stem.endsWith('i') && stem.length >= 6 && !variants.includes(stem.slice(0, -1))) variants.push(stem.slice(0, -1));
}
