/** What a unit is: a body paragraph, a photo's caption (written as an image, docs/editors.md) or an FAQ entry. */
export type UnitKind = 'paragraph' | 'caption' | 'faq';

/** One answerable passage of an article, quoted verbatim from its file. */
export interface Unit {
  /** Stable within the article: `p-1`, `p-2`, … for paragraphs, `caption-1`, … for captions, `faq-1`, … for FAQ entries. */
  readonly id: string;
  readonly kind: UnitKind;
  /** The section heading the paragraph or caption stands under (the title before the first one), or the FAQ question. */
  readonly heading: string;
  /** The verbatim text: the paragraph, the caption, or the FAQ answer. */
  readonly text: string;
  /** 1-based line in the source file where the unit starts. */
  readonly line: number;
}

/** An article as loaded from one file in `faq/`. */
export interface Article {
  readonly id: string;
  readonly title: string;
  readonly language: string;
  readonly source: string;
  readonly url: string | undefined;
  /** The file it came from, as given to the parser (for messages). */
  readonly file: string;
  readonly units: readonly Unit[];
}
