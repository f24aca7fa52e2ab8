import { foldGerman } from './normalize.ts';
import { separablePrefixes } from './stem.ts';

// Inseparable prefixes (ver-nehmen, emp-fangen) and the separable ones (teil-nehmen, aus-geben).
const inseparable = new Set('be emp ent er ge miss ver zer hinter uber unter wider'.split(' '));
const prefixes = [...inseparable, ...separablePrefixes].sort((a, b) => b.length - a.length);

/** Maps an inflected form of a strong or irregular verb to its infinitive (folded), if it is one. */
export interface VerbForms {
  infinitiveOf(folded: string): string | undefined;
}

/**
 * Reads the table in data/strong-verbs-de.txt ("infinitive form form …"). Each past form also
 * stands for its plural and second persons (traf → trafen, trafst), each 3rd-person present for the
 * 2nd (trifft → triffst); prefixed verbs are found by their base (vertrat → vertreten, teilnahm → teilnehmen),
 * and a participle with an inseparable prefix by the one with "ge-" (unterbrochen → gebrochen → unterbrechen).
 */
export function parseVerbForms(text: string): VerbForms {
  const forms = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const [infinitive, ...rest] = line.trim().split(/\s+/).map(foldGerman);
    if (!infinitive) continue;
    for (const form of rest) {
      for (const inflected of [form, `${form}en`, `${form}n`, `${form}st`, `${form}t`, form.replace(/t$/, 'st')]) {
        if (!forms.has(inflected)) forms.set(inflected, infinitive);
      }
    }
  }
  const lookup = (word: string, depth: number): string | undefined => {
    const direct = forms.get(word);
    if (direct !== undefined) return direct;
    if (depth > 0) return undefined;
    for (const prefix of prefixes) {
      if (word.length - prefix.length < 2 || !word.startsWith(prefix)) continue;
      const rest = word.slice(prefix.length);
      // An inseparable prefix takes the participle's place of "ge-": unter-brochen is ge-brochen's.
      const base = lookup(rest, depth + 1) ?? (inseparable.has(prefix) && prefix !== 'ge' ? forms.get(`ge${rest}`) : undefined);
      if (base !== undefined) return prefix + base;
    }
    return undefined;
  };
  return { infinitiveOf: (folded) => lookup(folded, 0) };
}
