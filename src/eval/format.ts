import type { EvalReport, KindFigures } from './score.ts';

const pct = (n: number, d: number): string => (d === 0 ? '–' : `${n}/${d} (${Math.round((100 * n) / d)}%)`);

function row(f: KindFigures): string {
  const answerable = f.questions - (f.kind === 'offtopic' ? f.questions : 0);
  const isOfftopic = f.kind === 'offtopic';
  return [
    f.kind.padEnd(14),
    String(f.questions).padStart(3),
    (isOfftopic ? '–' : pct(f.top1, answerable)).padStart(12),
    (isOfftopic ? '–' : pct(f.top3, answerable)).padStart(12),
    (isOfftopic ? pct(f.abstained, f.questions) : '–').padStart(11),
    (isOfftopic ? '–' : String(f.falseAbstentions)).padStart(9),
  ].join('  ');
}

/** The eval report as a plain-text table per kind, the summary rows, then each miss. */
export function formatReport(report: EvalReport): string {
  const header = ['kind'.padEnd(14), '  n', 'top-1'.padStart(12), 'top-3'.padStart(12), 'abstained'.padStart(11), 'false-abs'.padStart(9)].join('  ');
  const lines = [header, ...report.kinds.map(row), '-'.repeat(header.length), row(report.german), row(report.crossLingual), row(report.offtopic)];
  if (report.misses.length > 0) {
    lines.push('', `misses (${report.misses.length}):`);
    for (const miss of report.misses) {
      lines.push(
        `  [${miss.question.kind}] ${miss.question.q}`,
        `      expected: ${miss.question.expect.join(' | ') || '(no answer)'}`,
        `      got:      ${miss.got.slice(0, 140)}`,
      );
    }
  }
  return lines.join('\n');
}
