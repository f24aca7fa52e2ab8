import MarkdownIt from 'markdown-it';
import frontMatterPlugin from 'markdown-it-front-matter';

type Token = ReturnType<typeof markdown.parse>[number];

import { ArticleError, ArticleErrorCode } from './errors.ts';
import { parseFrontMatter } from './front-matter.ts';
import type { Article, Unit } from './types.ts';

/**
 * CommonMark without raw HTML: article text such as `<img onerror=…>` stays text.
 * Created once; the front-matter plugin hands the YAML to the token stream.
 */
const markdown = new MarkdownIt('commonmark', { html: false, linkify: false, typographer: false }).use(frontMatterPlugin, () => undefined);

/**
 * Turns the Markdown of one article file into an {@link Article}.
 * `##` headings start sections of body paragraphs; a paragraph that is only an image
 * (`![caption](photo)`) is a photo caption; each `###` heading is an FAQ question whose
 * answer is the paragraph(s) that follow it. Throws {@link ArticleError} naming `file` and the line.
 */
export function parseArticle(source: string, file: string): Article {
  // Editors on Windows save a byte order mark first; it is not part of the text.
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  if (text.trim() === '') throw new ArticleError(ArticleErrorCode.empty, file, 1, 'file is empty');
  const tokens = markdown.parse(text, {});
  const first = tokens[0];
  if (first?.type !== 'front_matter') {
    throw new ArticleError(ArticleErrorCode.frontMatter, file, 1, 'file must start with a YAML front matter block between --- lines');
  }
  const meta = parseFrontMatter(String(first.meta), file, 2);
  const units = collectUnits(tokens, file, meta.title);
  if (units.length === 0) throw new ArticleError(ArticleErrorCode.noUnits, file, (first.map?.[1] ?? 0) + 1, 'article has no paragraphs after the front matter');
  return { ...meta, file, units };
}

/**
 * Reads only the front matter now (validated as {@link parseArticle} does) and the body when its
 * units are first needed: for libraries of thousands of articles, whose start must not wait for
 * every body. Reading `units` throws the body's {@link ArticleError}, if it has one.
 */
export function parseArticleHead(source: string, file: string): Article {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  if (text.trim() === '') throw new ArticleError(ArticleErrorCode.empty, file, 1, 'file is empty');
  const lines = text.split('\n', maxFrontMatterLines);
  const close = lines.findIndex((line, i) => i > 0 && line.trimEnd() === '---');
  if (lines[0]?.trimEnd() !== '---' || close < 0) {
    throw new ArticleError(ArticleErrorCode.frontMatter, file, 1, 'file must start with a YAML front matter block between --- lines');
  }
  const meta = parseFrontMatter(lines.slice(1, close).join('\n'), file, 2);
  let units: readonly Unit[] | undefined;
  let body: string | undefined = source;
  return {
    ...meta,
    file,
    get units(): readonly Unit[] {
      if (units === undefined) {
        units = parseArticle(body ?? '', file).units;
        body = undefined;
      }
      return units;
    },
  };
}

// A front matter longer than this many lines is read by the full parse instead.
const maxFrontMatterLines = 200;

interface PendingFaq {
  question: string;
  line: number;
  paragraphs: string[];
}

function collectUnits(tokens: readonly Token[], file: string, title: string): Unit[] {
  const units: Unit[] = [];
  let heading = title;
  let paragraphCount = 0;
  let captionCount = 0;
  let faqCount = 0;
  let faq: PendingFaq | undefined;

  const closeFaq = (): void => {
    if (!faq) return;
    if (faq.paragraphs.length === 0) {
      throw new ArticleError(ArticleErrorCode.noAnswer, file, faq.line, `FAQ question has no answer: "${faq.question}"`);
    }
    faqCount += 1;
    units.push({ id: `faq-${faqCount}`, kind: 'faq', heading: faq.question, text: faq.paragraphs.join('\n\n'), line: faq.line });
    faq = undefined;
  };

  for (let i = 1; i < tokens.length; i += 1) {
    const token = tokens[i];
    if (!token || token.type.endsWith('_close') || token.type === 'inline') continue;
    const text = inlineText(tokens[i + 1]);
    const line = lineOf(token);
    if (token.type === 'heading_open' && token.tag === 'h2') {
      closeFaq();
      heading = text;
    } else if (token.type === 'heading_open' && token.tag === 'h3') {
      closeFaq();
      faq = { question: text, line, paragraphs: [] };
    } else if (token.type === 'paragraph_open') {
      const caption = captionText(tokens[i + 1]);
      if (caption !== undefined && faq) {
        throw new ArticleError(
          ArticleErrorCode.unsupported,
          file,
          line,
          'a photo caption (a paragraph that is only an image) inside an FAQ answer: put it in the body',
        );
      }
      if (caption !== undefined) {
        captionCount += 1;
        units.push({ id: `caption-${captionCount}`, kind: 'caption', heading, text: caption, line });
      } else if (faq) faq.paragraphs.push(text);
      else {
        paragraphCount += 1;
        units.push({ id: `p-${paragraphCount}`, kind: 'paragraph', heading, text, line });
      }
    } else {
      const what = token.type === 'heading_open' ? `${token.tag} heading` : token.type.replace(/_open$/, '');
      throw new ArticleError(
        ArticleErrorCode.unsupported,
        file,
        line,
        `unsupported Markdown block (${what}): use "## " section headings, "### " FAQ questions and plain paragraphs`,
      );
    }
  }
  closeFaq();
  return units;
}

/** The plain text of an inline token: markup dropped, escapes and entities decoded, line breaks as spaces. */
function inlineText(token: Token | undefined): string {
  if (token?.type !== 'inline' || !token.children) return '';
  return childrenText(token.children).trim();
}

function childrenText(children: readonly Token[]): string {
  let text = '';
  for (const child of children) {
    if (child.type === 'text' || child.type === 'code_inline') text += child.content;
    else if (child.type === 'softbreak' || child.type === 'hardbreak') text += ' ';
    // An image's text is its description (alt text), parsed like any inline text.
    else if (child.type === 'image') text += childrenText(child.children ?? []);
  }
  return text;
}

/** A paragraph that is only an image is a photo caption: its text, or undefined for any other paragraph. */
function captionText(token: Token | undefined): string | undefined {
  const parts = token?.type === 'inline' ? (token.children ?? []).filter((c) => !(c.type === 'text' && c.content.trim() === '')) : [];
  const image = parts[0];
  if (parts.length !== 1 || image?.type !== 'image') return undefined;
  const text = childrenText(image.children ?? []).trim();
  return text === '' ? undefined : text;
}

function lineOf(token: Token): number {
  return (token.map?.[0] ?? 0) + 1;
}
