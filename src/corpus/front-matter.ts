import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import { z } from 'zod';
import { isSupportedLanguage, supportedLanguages } from '../search/language/languages.ts';
import { ArticleError, ArticleErrorCode } from './errors.ts';

/** The metadata header of an article file, as validated. */
export interface FrontMatter {
  readonly id: string;
  readonly title: string;
  readonly language: string;
  readonly source: string;
  readonly url: string | undefined;
}

/** An article id: lower-case letters, digits and single hyphens. */
export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const frontMatterSchema = z.object({
  id: z.string().regex(slugPattern, 'must be a slug: lower-case letters, digits and single hyphens'),
  title: z.string().trim().min(1, 'must not be empty'),
  language: z.string().regex(/^[a-z]{2}$/, 'must be a two-letter language code such as de'),
  source: z.string().trim().min(1, 'must not be empty'),
  url: z.url({ protocol: /^https?$/ }).optional(),
  // Page furniture kept as metadata so an import loses nothing; never answered from.
  author: z.string().optional(),
  photoCredit: z.string().optional(),
});

/**
 * Parses and validates the YAML between the `---` fences.
 * `firstLine` is the 1-based file line of the first YAML line, so errors point into the file.
 */
export function parseFrontMatter(raw: string, file: string, firstLine: number): FrontMatter {
  let data: unknown;
  try {
    // The core schema: strings stay strings (no dates); duplicate keys are an error.
    data = load(raw, { schema: CORE_SCHEMA, filename: file });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const line = firstLine + (error.mark?.line ?? 0);
    throw new ArticleError(ArticleErrorCode.frontMatter, file, line, `invalid YAML front matter: ${error.reason}`, { cause: error });
  }
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    throw new ArticleError(ArticleErrorCode.frontMatter, file, firstLine, 'front matter must be "key: value" fields (id, title, language, source)');
  }
  const result = frontMatterSchema.safeParse(data ?? {});
  if (result.success) {
    const { id, title, language, source, url } = result.data;
    // Matched as German, another language would get confident nonsense: refuse it here instead.
    if (!isSupportedLanguage(language)) {
      throw new ArticleError(ArticleErrorCode.language, file, firstLine + lineOfKey(raw, 'language'), unsupportedLanguageMessage(language));
    }
    return { id, title, language, source, url };
  }
  const issue = result.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  const line = firstLine + lineOfKey(raw, key);
  if (key === 'title' && (data === null || typeof data !== 'object' || !('title' in data))) {
    throw new ArticleError(ArticleErrorCode.noTitle, file, firstLine - 1, 'front matter has no title');
  }
  const present = data !== null && typeof data === 'object' && key in data;
  const what = present ? (issue?.message ?? 'is invalid') : 'is missing';
  throw new ArticleError(ArticleErrorCode.field, file, line, `front matter field "${key}" ${what}`);
}

/** `language "fr" is not supported (supported: de)`: the refusal of an article or export in another language. */
export function unsupportedLanguageMessage(language: string): string {
  return `language "${language}" is not supported (supported: ${supportedLanguages.join(', ')})`;
}

/** 0-based line of `key:` in the raw YAML, or -1 (the opening fence) when absent. */
function lineOfKey(raw: string, key: string): number {
  const index = raw.split('\n').findIndex((l) => l.startsWith(`${key}:`));
  return index;
}
