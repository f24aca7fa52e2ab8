/** Escapes what CommonMark would read as inline markup, so the parsed text equals the original. */
export function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<&]/g, '\\$&');
}

/** Escapes a paragraph: inline markup, and a start that would open a heading, quote, list or table. */
export function escapeParagraph(text: string): string {
  return escapeInline(text)
    .replace(/^([#>+\-=|~])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Escapes a heading's text: inline markup, and a final `#` that would read as a closing sequence. */
export function escapeHeading(text: string): string {
  return escapeInline(text).replace(/#$/, '\\#');
}
