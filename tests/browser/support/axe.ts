import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One axe finding, short enough to read in a failed assertion. */
export interface AxeFinding {
  readonly id: string;
  readonly impact: string;
  readonly targets: string[];
}

/**
 * Runs axe-core on the page (open shadow roots included) and returns its serious and critical
 * violations. page.evaluate is not subject to the page's Content-Security-Policy, so axe can run there.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(axeSource);
  const results = await page.evaluate(() => (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe.run());
  return results.violations
    .filter((v: Result) => v.impact === 'serious' || v.impact === 'critical')
    .map((v: Result) => ({ id: v.id, impact: String(v.impact), targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
}
