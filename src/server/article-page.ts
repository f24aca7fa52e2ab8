import type { ArticleIndex } from '../search/article/article-index.ts';

const entities: Readonly<Record<string, string>> = Object.freeze({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' });

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c] ?? c);
}

/**
 * The article as a page with the chat widget on it. Each unit is an element with id `unit-<unit id>`,
 * so a citation can scroll to it; all article text is escaped.
 */
export function renderArticlePage(index: ArticleIndex, widgetSrc: string): string {
  const { article } = index;
  const body: string[] = [];
  let heading = article.title;
  let inFaq = false;
  for (const unit of article.units) {
    if (unit.kind !== 'faq' && unit.heading !== heading) {
      heading = unit.heading;
      body.push(`<h2>${escapeHtml(heading)}</h2>`);
    }
    if (unit.kind === 'faq' && !inFaq) {
      inFaq = true;
      body.push(article.language === 'de' ? '<h2>Häufig gestellte Fragen</h2>' : '<h2 lang="en">Frequently asked questions</h2>');
    }
    if (unit.kind === 'faq') body.push(`<h3>${escapeHtml(unit.heading)}</h3>`);
    const attributes = `id="unit-${escapeHtml(unit.id)}" data-unit="${escapeHtml(unit.id)}"`;
    // A photo's caption (the export carries no photo): a figure of its own, not a body paragraph.
    if (unit.kind === 'caption') body.push(`<figure class="photo"><figcaption ${attributes}>${escapeHtml(unit.text)}</figcaption></figure>`);
    else body.push(`<p ${attributes}>${escapeHtml(unit.text)}</p>`);
  }
  return `<!doctype html>
<html lang="${escapeHtml(article.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${escapeHtml(article.title)}</title>
<link rel="stylesheet" href="/article.css">
<link rel="icon" href="data:,">
</head>
<body>
<main>
<article data-article="${escapeHtml(article.id)}">
<p class="source">${escapeHtml(article.source)}</p>
<h1>${escapeHtml(article.title)}</h1>
${body.join('\n')}
</article>
</main>
<script src="${escapeHtml(widgetSrc)}" data-article="${escapeHtml(article.id)}" defer></script>
</body>
</html>
`;
}
