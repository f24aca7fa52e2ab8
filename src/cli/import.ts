import { existsSync, linkSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ImportError, type ImportReport, importText } from '../corpus/import-text.ts';
import { articleFiles, loadArticleFile } from '../corpus/load-articles.ts';
import { supportedLanguages } from '../search/language/languages.ts';
import { UsageError } from './errors.ts';

/** Options of `faq-chat import`. */
export interface ImportCliOptions {
  readonly file: string;
  readonly id?: string | undefined;
  readonly url?: string | undefined;
  readonly source?: string | undefined;
  readonly language?: string | undefined;
  readonly dir: string;
  readonly force: boolean;
}

/** Exit codes of `faq-chat import`. */
export const ImportExit = { written: 0, refused: 1, usage: 64 } as const;

/** Refusals of the command itself (the importer's own are {@link ImportError}s). */
export const ImportCliMessage = {
  exists: 'already exists; pass --force to replace it.',
  noDir: 'is not a directory; create it or pass --dir.',
  idTaken: 'is already the id of',
  unreadable: 'cannot read the export',
  nothingWritten: 'Nothing was written.',
} as const;

/** Usage of `faq-chat import`. */
export const importUsage = `Usage: faq-chat import <article.txt> [--id SLUG] [--url URL] [--source NAME] [--language CODE] [--dir DIR] [--force]
  --id SLUG        article id and file name (default: from the title)
  --url URL        the article's canonical URL (citations then link to the quote)
  --source NAME    the outlet (default: from the export's team line, "<Outlet>-Redaktionsteam")
  --language CODE  the article's language (default: from the export's labels; supported: ${supportedLanguages.join(', ')})
  --dir DIR        where article files live (default faq)
  --force          replace an existing article file
`;

/** Parses the arguments after `import`; throws (a {@link UsageError} or parseArgs' own error) when they are wrong. */
export function parseImportArgs(argv: readonly string[]): ImportCliOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      id: { type: 'string' },
      url: { type: 'string' },
      source: { type: 'string' },
      language: { type: 'string' },
      dir: { type: 'string', default: 'faq' },
      force: { type: 'boolean', default: false },
    },
  });
  const [file, ...rest] = positionals;
  if (file === undefined || rest.length > 0) throw new UsageError('import needs exactly one export file');
  return { file, id: values.id, url: values.url, source: values.source, language: values.language, dir: values.dir, force: values.force };
}

/** Imports one export into `dir`, printing what was recognised; returns the exit code. Writes nothing on a refusal. */
export function runImport(options: ImportCliOptions, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): number {
  const refuse = (message: string): number => {
    err.write(`faq-chat import: ${message} ${ImportCliMessage.nothingWritten}\n`);
    return ImportExit.refused;
  };
  let text: string;
  try {
    text = readFileSync(options.file, 'utf8');
  } catch (error) {
    return refuse(`${ImportCliMessage.unreadable} ${options.file} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  let result: ReturnType<typeof importText>;
  try {
    result = importText(text, { id: options.id, url: options.url, source: options.source, language: options.language, file: options.file });
  } catch (error) {
    if (error instanceof ImportError) return refuse(`${error.message}.`);
    throw error;
  }
  if (!isDirectory(options.dir)) return refuse(`${options.dir} ${ImportCliMessage.noDir}`);
  const target = join(options.dir, `${result.report.id}.md`);
  const shown = displayPath(target);
  if (!options.force && existsSync(target)) return refuse(`${shown} ${ImportCliMessage.exists}`);
  const clash = fileWithId(options.dir, result.report.id, target);
  if (clash !== undefined) return refuse(`"${result.report.id}" ${ImportCliMessage.idTaken} ${clash}; choose another with --id.`);
  if (!writeArticle(target, result.markdown, options.force)) return refuse(`${shown} ${ImportCliMessage.exists}`);
  out.write(formatReport(result.report, shown));
  return ImportExit.written;
}

/** A path as the editor would type it: relative below the working directory, else absolute. */
function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? resolve(path) : shown;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Another readable article file in `dir` whose id is `id` (two files with one id would stop the server). */
function fileWithId(dir: string, id: string, except: string): string | undefined {
  for (const path of articleFiles(dir)) {
    if (basename(path) === basename(except)) continue;
    try {
      const article = loadArticleFile(path);
      if (article.id === id) return article.file;
    } catch {
      // A malformed file is the live reload's to report, not the importer's.
    }
  }
  return undefined;
}

/**
 * Writes through a hidden temporary file so the live reload never sees half an article; without
 * `force` the final link fails rather than replace a file that appeared meanwhile. False when it did.
 */
function writeArticle(target: string, markdown: string, force: boolean): boolean {
  const temp = join(target, '..', `.${basename(target)}.${process.pid}.tmp`);
  writeFileSync(temp, markdown, { flag: 'wx' });
  try {
    if (force) renameSync(temp, target);
    else linkSync(temp, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    if (existsSync(temp)) unlinkSync(temp);
  }
}

/** The editor's summary: paragraphs under which headings, FAQ pairs, what was dropped, where it went. */
export function formatReport(report: ImportReport, target: string): string {
  const from = report.sourceFrom === 'option' ? '--source' : `the export's line ${report.sourceFrom.line}, "${report.sourceFrom.text}"`;
  const lines = [
    `Imported "${report.title}" as ${report.id}`,
    `Source: ${report.source} (from ${from})`,
    `Language: ${report.language} (from ${report.languageFrom === 'option' ? '--language' : "the export's labels"})`,
    'Paragraphs:',
  ];
  report.sections.forEach((s, i) => {
    lines.push(`  ${s.paragraphs} under ${i === 0 && s.heading === report.title ? 'the title' : `## ${s.heading}`}`);
  });
  if (report.captions.length > 0) {
    lines.push(`Photo captions (${report.captions.length}), each kept as a caption unit:`);
    report.captions.forEach((c, i) => {
      lines.push(`  caption-${i + 1}  ${c.length > 90 ? `${c.slice(0, 89)}…` : c}`);
    });
  }
  lines.push(`FAQ (## ${report.faqHeading}): ${report.faq.length} question(s), each with its answer`);
  report.faq.forEach((q, i) => {
    lines.push(`  faq-${i + 1}  ${q}`);
  });
  lines.push(`Dropped as page furniture (${report.dropped.length}):`);
  const kept = (d: string): string => {
    if (d === report.photoCredit) return '  (kept as photoCredit)';
    return report.sourceFrom !== 'option' && d === report.sourceFrom.text ? '  (its outlet kept as source)' : '';
  };
  for (const d of report.dropped) lines.push(`  - ${d.length > 100 ? `${d.slice(0, 99)}…` : d}${kept(d)}`);
  lines.push(`Wrote ${target}`);
  return `${lines.join('\n')}\n`;
}

/** `faq-chat import …`: parses the arguments, imports, and returns the exit code. */
export function runImportCommand(argv: readonly string[]): number {
  let options: ImportCliOptions;
  try {
    options = parseImportArgs(argv);
  } catch (error) {
    process.stderr.write(`faq-chat import: ${(error as Error).message}\n${importUsage}`);
    return ImportExit.usage;
  }
  return runImport(options);
}
