#!/usr/bin/env node
// `npm run widget:size`: what a page that embeds the chat downloads, public/widget.js and
// public/widget.css, raw and gzipped (level 9, each file on its own as it is served). Exits 1 when
// the gzipped total is over the budget: 12 KB (issue 4), or `--budget <bytes>`. `--json` prints one
// JSON object instead of the table (tests/browser/widget-size.test.ts reads it).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const assets = ['widget.js', 'widget.css'];
const args = process.argv.slice(2);
const budgetAt = args.indexOf('--budget');
const budgetBytes = budgetAt === -1 ? 12 * 1024 : Number(args[budgetAt + 1]);
if (!Number.isInteger(budgetBytes) || budgetBytes <= 0) {
  console.error('widget-size: --budget takes a whole number of bytes, e.g. --budget 12288');
  process.exit(2);
}

const files = assets.map((name) => {
  const bytes = readFileSync(new URL(`../public/${name}`, import.meta.url));
  return { name, rawBytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
});
const rawBytes = files.reduce((sum, f) => sum + f.rawBytes, 0);
const gzipBytes = files.reduce((sum, f) => sum + f.gzipBytes, 0);
const withinBudget = gzipBytes <= budgetBytes;

if (args.includes('--json')) {
  console.log(JSON.stringify({ files, rawBytes, gzipBytes, budgetBytes, withinBudget }));
} else {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
  console.log(`${'file'.padEnd(12)}${'raw'.padStart(9)}${'gzip'.padStart(9)}`);
  for (const f of files) console.log(`${f.name.padEnd(12)}${kb(f.rawBytes)}${kb(f.gzipBytes)}`);
  console.log(`${'total'.padEnd(12)}${kb(rawBytes)}${kb(gzipBytes)}  (${gzipBytes} bytes gzipped; budget ${budgetBytes})`);
  if (!withinBudget) console.error(`widget-size: over budget by ${gzipBytes - budgetBytes} bytes gzipped`);
}
process.exit(withinBudget ? 0 : 1);
