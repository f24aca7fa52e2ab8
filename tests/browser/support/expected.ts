import type { Answer } from '../../../src/answer.ts';

/** The German labels the widget shows for an answer, derived from the answer as the server sends it. */
export function shownLabels(answer: Answer): { heading: string; place: string; cite: string } {
  const { citation } = answer;
  // Paragraphs before the first section heading stand under the title: the widget says "Einleitung".
  const heading = citation.heading === citation.title ? 'Einleitung' : citation.heading;
  const number = Number(citation.unit.replace(/^\D+-/, ''));
  const place =
    citation.kind === 'faq'
      ? 'Häufige Fragen'
      : citation.kind === 'caption'
        ? number === 1
          ? 'Bildunterschrift'
          : `Bildunterschrift ${number}`
        : `Absatz ${number}`;
  return { heading, place, cite: `${place}: im Artikel zeigen` };
}

/** The summary of the "more answers" disclosure for `count` further answers. */
export function moreLabel(count: number): string {
  return count === 1 ? '1 weitere Stelle' : `${count} weitere Stellen`;
}
