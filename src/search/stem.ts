import { stemmer as germanStemmer } from '@orama/stemmers/german';

/**
 * Snowball German stem of a word already folded by `foldGerman` (so "Stromausfälle" and
 * "Stromausfaelle" share the stem "stromausfall"). Digits and very short words stay as they are.
 */
export function stemGerman(folded: string): string {
  if (folded.length <= 3 || !/^[a-z]/.test(folded)) return folded;
  return germanStemmer(folded);
}
