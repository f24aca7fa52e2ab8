import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// No browser needed: this runs even where Chromium is missing.
const root = fileURLToPath(new URL('../../', import.meta.url));
const budgetBytes = 12 * 1024;

interface SizeReport {
  files: { name: string; rawBytes: number; gzipBytes: number }[];
  gzipBytes: number;
  budgetBytes: number;
  withinBudget: boolean;
}

function sizeScript(...args: string[]): { status: number | null; report: SizeReport } {
  const run = spawnSync(process.execPath, ['scripts/widget-size.mjs', '--json', ...args], { cwd: root, encoding: 'utf8' });
  return { status: run.status, report: JSON.parse(run.stdout) as SizeReport };
}

describe('widget size', () => {
  it('keeps widget.js + widget.css within 12 KB gzipped, as npm run widget:size reports', () => {
    const gzipped = ['widget.js', 'widget.css'].map((name) => gzipSync(readFileSync(`${root}public/${name}`), { level: 9 }).length);
    const { status, report } = sizeScript();
    expect(report.files.map((f) => f.gzipBytes)).toEqual(gzipped);
    expect(report.gzipBytes).toBe(gzipped[0]! + gzipped[1]!);
    expect(report.budgetBytes).toBe(budgetBytes);
    expect(report.gzipBytes).toBeLessThanOrEqual(budgetBytes);
    expect(status).toBe(0);
  });

  it('fails the size script when the widget is over its budget', () => {
    const { status, report } = sizeScript('--budget', '1000');
    expect(report.withinBudget).toBe(false);
    expect(status).toBe(1);
  });
});
