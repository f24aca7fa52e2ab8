// Module hooks of bench/without-matcher.mjs: src/answer.ts resolves to bench/answer-lookup.ts for
// every importer but that file itself.
const lookup = new URL('./answer-lookup.ts', import.meta.url).href;

/** Node's resolve hook (node:module register). */
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (resolved.url.endsWith('/src/answer.ts') && context.parentURL !== lookup) return { ...resolved, url: lookup, shortCircuit: true };
  return resolved;
}
