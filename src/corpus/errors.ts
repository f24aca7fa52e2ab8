import { FaqChatError } from '../errors.ts';

/** Codes of the ways an article file can be malformed. */
export const ArticleErrorCode = {
  empty: 'empty_file',
  frontMatter: 'bad_front_matter',
  field: 'bad_field',
  language: 'unsupported_language',
  noTitle: 'no_title',
  noAnswer: 'faq_without_answer',
  unsupported: 'unsupported_block',
  duplicateId: 'duplicate_id',
  noUnits: 'no_units',
} as const;

/** One of {@link ArticleErrorCode}'s values. */
export type ArticleErrorCode = (typeof ArticleErrorCode)[keyof typeof ArticleErrorCode];

/** A malformed article file; the message names the file and line: `faq/x.md line 42: …`. */
export class ArticleError extends FaqChatError<ArticleErrorCode> {
  override readonly name = 'ArticleError';
  constructor(
    code: ArticleErrorCode,
    readonly file: string,
    readonly line: number,
    readonly detail: string,
    options?: { readonly cause?: unknown },
  ) {
    super(code, `${file} line ${line}: ${detail}`, options);
  }
}
