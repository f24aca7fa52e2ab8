import type { EvalReport, KindFigures, Reliability, SetsReport } from './score.ts';

const pct = (n: number, d: number): string => (d === 0 ? '–' : `${n}/${d} (${Math.round((100 * n) / d)}%)`);

function row(f: KindFigures): string {
  const isOfftopic = f.kind === 'offtopic';
  return [
    f.kind.padEnd(14),
    String(f.questions).padStart(3),
    (isOfftopic ? '–' : pct(f.top1, f.questions)).padStart(12),
    (isOfftopic ? '–' : pct(f.top3, f.questions)).padStart(12),
    (isOfftopic ? pct(f.abstained, f.questions) : '–').padStart(11),
    (isOfftopic ? '–' : String(f.falseAbstentions)).padStart(9),
  ].join('  ');
}

function kindTable(report: EvalReport): string[] {
  const header = ['kind'.padEnd(14), '  n', 'top-1'.padStart(12), 'top-3'.padStart(12), 'abstained'.padStart(11), 'false-abs'.padStart(9)].join('  ');
  return [
    header,
    ...report.kinds.map(row),
    '-'.repeat(header.length),
    row(report.german),
    row(report.crossLingual),
    row(report.offtopic),
    '',
    quoteLine(report),
  ];
}

/** How many right first answers quote the expected passage itself: what the widget shows as the answer. */
function quoteLine(report: EvalReport): string {
  const { german, crossLingual } = report;
  return `quote holds the expected passage: German ${german.quoted} of ${german.top1} right first answers, cross-lingual ${crossLingual.quoted} of ${crossLingual.top1}`;
}

/** The reliability table: per score band, first answers, share right and mean score; then the ECE. */
export function formatReliability(reliability: Reliability): string[] {
  const lines = ['score band    answers   right        mean score'];
  for (const band of reliability.bands) {
    const share = band.count === 0 ? '–' : `${band.right}/${band.count} (${((100 * band.right) / band.count).toFixed(0)}%)`;
    lines.push(
      `${band.from.toFixed(1)}–${band.to.toFixed(1)}  ${String(band.count).padStart(9)}   ${share.padEnd(12)} ${band.count === 0 ? '–' : band.meanScore.toFixed(2)}`,
    );
  }
  lines.push(`expected calibration error (ECE) over ${reliability.answered} first answers: ${reliability.ece.toFixed(3)}`);
  return lines;
}

function missLines(report: EvalReport): string[] {
  if (report.misses.length === 0) return [];
  const lines = ['', `misses (${report.misses.length}):`];
  for (const miss of report.misses) {
    const where = miss.article === undefined ? '' : `${miss.article} `;
    lines.push(
      `  ${where}[${miss.question.kind}] ${miss.question.q}`,
      `      expected: ${miss.question.expect.join(' | ') || '(no answer)'}`,
      `      got:      ${miss.got.slice(0, 140)}`,
    );
  }
  return lines;
}

/** The eval report of one question file: a table per kind, the summary rows, reliability, then each miss. */
export function formatReport(report: EvalReport): string {
  return [...kindTable(report), '', ...formatReliability(report.reliability), ...missLines(report)].join('\n');
}

/** The eval report of several articles: one row per article and the pooled row, pooled kinds, reliability, misses. */
export function formatSetsReport(sets: SetsReport): string {
  const width = Math.max(14, ...sets.articles.map((a) => a.id.length));
  const header = [
    'article'.padEnd(width),
    'German top-1'.padStart(13),
    'top-3'.padStart(13),
    'off-topic'.padStart(11),
    'false-abs'.padStart(9),
    'cross-lingual'.padStart(13),
  ];
  const line = (id: string, r: EvalReport): string =>
    [
      id.padEnd(width),
      pct(r.german.top1, r.german.questions).padStart(13),
      pct(r.german.top3, r.german.questions).padStart(13),
      `${r.offtopic.abstained}/${r.offtopic.questions}`.padStart(11),
      `${r.german.falseAbstentions}/${r.german.questions}`.padStart(9),
      pct(r.crossLingual.top1, r.crossLingual.questions).padStart(13),
    ].join('  ');
  const table = [header.join('  '), ...sets.articles.map((a) => line(a.id, a.report)), '-'.repeat(header.join('  ').length)];
  table.push(line(`pooled (${sets.articles.length})`, sets.pooled));
  return [...table, '', 'pooled, per kind:', ...kindTable(sets.pooled), '', ...formatReliability(sets.pooled.reliability), ...missLines(sets.pooled)].join(
    '\n',
  );
}
