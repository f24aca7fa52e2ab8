import type { AnalyzedToken } from './analyze.ts';

/**
 * Who is who inside an article: a name introduced with its role ("Verteidigungsminister Dong Jun",
 * "Álvaro López Miera, Minister der FAR", "seinem Amtskollegen, Álvaro López Miera") is later named
 * alone ("bezeichnete Dong …"). Readers ask by the role ("Was sagte der Verteidigungsminister?"),
 * so each role term leads to the name's terms wherever the name stands.
 */
export const coreferenceDefaults = Object.freeze({
  /** How much a name found for a role counts, times the role word's own weight. */
  nameWeight: 0.8,
  /** Words that may stand between a name, its comma and its role ("He Weidong, den Vizepräsidenten"). */
  determiners: new Set('der die das den dem des ein eine einen einem eines einer sein seine seinen seinem seiner ihr ihre ihren ihrem ihrer'.split(' ')),
});

/** Adds to `aliases` (role term → name terms) what the sentence's tokens say. `text` is the tokens' text. */
export function collectRoles(
  tokens: readonly AnalyzedToken[],
  text: string,
  isName: (token: AnalyzedToken) => boolean,
  stemsOf: (token: AnalyzedToken) => readonly string[],
  aliases: Map<string, string[]>,
): void {
  const between = (a: AnalyzedToken, b: AnalyzedToken): string => text.slice(a.end, b.start);
  const isRole = (token: AnalyzedToken | undefined): token is AnalyzedToken => token?.capitalized === true && token.terms.length > 0 && !isName(token);
  for (let i = 0; i < tokens.length; i += 1) {
    if (!isName(tokens[i] as AnalyzedToken)) continue;
    // The run of name words: Álvaro López Miera, Díaz-Canel.
    let j = i;
    while (
      j + 1 < tokens.length &&
      isName(tokens[j + 1] as AnalyzedToken) &&
      /^[\s-]*$/.test(between(tokens[j] as AnalyzedToken, tokens[j + 1] as AnalyzedToken))
    )
      j += 1;
    const names = tokens.slice(i, j + 1).flatMap((t) => t.terms);
    const roles: AnalyzedToken[] = [];
    // Before: "Präsident Xi Jinping", "Amtskollegen, Álvaro López Miera". Set off by a comma, the name
    // is an apposition only when a comma or the sentence's end closes it: in "kurz nach der Pause,
    // Florian Wirtz rettete …" a clause begins.
    const before = tokens[i - 1];
    const gap = before === undefined ? '' : between(before, tokens[i] as AnalyzedToken);
    const closed = /^\s*([,.;:!?)]|$)/.test(text.slice((tokens[j] as AnalyzedToken).end));
    if (isRole(before) && (/^\s*$/.test(gap) || (/^\s*,\s*$/.test(gap) && closed))) roles.push(before);
    // After, set off by a comma: "López Miera, Minister der FAR", "He Weidong, den Vizepräsidenten".
    let k = j + 1;
    if (k < tokens.length && /^\s*,\s*$/.test(between(tokens[j] as AnalyzedToken, tokens[k] as AnalyzedToken))) {
      if (coreferenceDefaults.determiners.has(tokens[k]?.term ?? '')) k += 1;
      const after = tokens[k];
      if (isRole(after)) roles.push(after);
    }
    // Joined by a hyphen: "Xiangshan-Forum" is a forum.
    const joined = tokens[j + 1];
    if (isRole(joined) && between(tokens[j] as AnalyzedToken, joined) === '-') roles.push(joined);
    for (const role of roles) {
      // The role word's own stems, not its compound parts: a Vizepräsident is no Präsident.
      for (const term of stemsOf(role)) {
        const list = aliases.get(term) ?? [];
        for (const name of names) if (!list.includes(name)) list.push(name);
        aliases.set(term, list);
      }
    }
    i = j;
  }
}
