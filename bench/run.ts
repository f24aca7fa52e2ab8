// `npm run bench [-- --quick] [-- --profile]`: issue 6's benchmark. Bounded (about 2.5 min, --quick about
// 30 s), 127.0.0.1 only, stops by itself; prints a table against the issue's floors and writes
// everything as JSON to bench/results/<timestamp>.json. Not a test: the shared machine's load moves it.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runInChild } from './child.ts';
import { type CpuProfile, summarizeProfile } from './cpu-profile.ts';
import { measureCrossArticle } from './cross-article.ts';
import { readDevQuestions } from './dev-questions.ts';
import type { MatcherJob, MatcherReply } from './matcher-child.ts';
import { measureIdleConnections } from './memory.ts';
import { type BenchOptions, fullOptions, quickOptions } from './options.ts';
import { profileService } from './profile-service.ts';
import { matcherDetails, profileDetails, wsDetails } from './report-details.ts';
import { floorRows } from './report-floors.ts';
import type { BenchResults } from './results.ts';
import { cpuCount, sourceState, uptimeLine } from './run-info.ts';
import { measureBaselineStart, measureStartup } from './startup.ts';
import { writeCorpus } from './synthetic.ts';
import { renderTable } from './table.ts';
import { compareOverWs } from './ws-compare.ts';

/** A heap for 10,000 indexed articles in the matcher's own process (the default ~4 GiB is not enough). */
const matcherHeapMiB = 8192;
const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
const sharedMemoryDir = '/dev/shm';

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

function readOptions(): BenchOptions {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, profile: { type: 'boolean', default: false } } });
  return { ...(values.quick ? quickOptions : fullOptions), profile: values.profile };
}

async function measureMatcher(
  options: BenchOptions,
  corpora: ReadonlyMap<number, string>,
  questions: readonly string[],
): Promise<{ figures: MatcherReply['figures'][]; profile: CpuProfile | undefined }> {
  const figures: MatcherReply['figures'][] = [];
  let profile: CpuProfile | undefined;
  for (const articles of options.matcherArticles) {
    progress(`matcher in-process, ${articles} article(s): load, index, ${options.rounds} rounds warm and cold`);
    const job: MatcherJob = { dir: corpora.get(articles) ?? '', questions, rounds: options.rounds, profile: options.profile && articles === 1 };
    const reply = await runInChild<MatcherJob, MatcherReply>('matcher-child.ts', job, 300_000, [`--max-old-space-size=${matcherHeapMiB}`]);
    figures.push(reply.figures);
    if (reply.profile !== undefined) profile = reply.profile as CpuProfile;
  }
  return { figures, profile };
}

async function main(): Promise<void> {
  const options = readOptions();
  const started = performance.now();
  const startedAt = new Date();
  const uptimeAtStart = uptimeLine();
  const questions = readDevQuestions();
  progress(`${options.quick ? 'quick' : 'full'} run, ${questions.length} questions; ${uptimeAtStart}`);
  // In memory where there is a tmpfs: on this machine's disk, removing 11,000 small files alone takes ~10 s.
  const corpusRoot = mkdtempSync(join(existsSync(sharedMemoryDir) ? sharedMemoryDir : tmpdir(), 'faq-bench-'));
  try {
    const corpora = new Map<number, string>();
    for (const count of new Set([...options.matcherArticles, ...options.startupArticles])) {
      progress(`writing ${count} article(s) (synthetic ones varied from the real one)`);
      corpora.set(count, writeCorpus(count, corpusRoot));
    }
    const matcher = await measureMatcher(options, corpora, questions);
    const largest = Math.max(...options.matcherArticles);
    progress(`search across all articles: ${largest} + 4 real articles, every question naming none, warm and cold`);
    const crossArticle = await measureCrossArticle(corpora.get(largest) ?? '', options.quick);
    const stages = options.wsStages.map((s) => `C = ${s.connections}: ${s.rounds} round(s) of ${s.measureMs} ms`).join('; ');
    progress(`WebSocket: bare ws (a) vs ours (b) alternated, ${stages}`);
    const ws = await compareOverWs({ questions, stages: options.wsStages, warmupMs: options.wsWarmupMs });
    progress(`RSS with ${options.idleConnections} idle connections`);
    const idle = await measureIdleConnections(options.idleConnections);
    const startup = [];
    for (const count of options.startupArticles) {
      progress(`start-up with ${count} article(s)`);
      startup.push(await measureStartup(count, corpora.get(count) ?? '', options.startupBoundMs, options.settleBoundMs));
    }
    const baselineStartMs = await measureBaselineStart();
    let profile: BenchResults['profile'];
    if (options.profile && matcher.profile) {
      progress(`profiling our service under load (C = 50, ${options.profileMs} ms, node --cpu-prof)`);
      const service = await profileService(questions, 50, options.profileMs);
      profile = { service, matcherCold: summarizeProfile(matcher.profile, options.rounds * 4 * questions.length, { within: 'answerQuestion' }) };
    }
    const results: BenchResults = {
      run: {
        startedAt: startedAt.toISOString(),
        elapsedS: (performance.now() - started) / 1000,
        node: process.version,
        cpus: cpuCount(),
        uptimeAtStart,
        uptimeAtEnd: uptimeLine(),
        ...sourceState(),
        options,
      },
      matcher: matcher.figures,
      crossArticleSearch: crossArticle,
      answerCache: 'none in the service',
      ws,
      idle,
      startup,
      baselineStartMs,
      ...(profile ? { profile } : {}),
    };
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    printReport(results, file);
  } finally {
    rmSync(corpusRoot, { recursive: true, force: true });
  }
}

function printReport(results: BenchResults, file: string): void {
  const { run } = results;
  const lines = [
    `faq-chat benchmark (${run.options.quick ? 'QUICK smoke run: smaller sizes, rows at other sizes not judged' : 'full run'}), node ${run.node}, ${run.cpus} CPUs, commit ${run.commit}${run.uncommittedSrc.length > 0 ? ` + ${run.uncommittedSrc.length} uncommitted src/ file(s)` : ''}, ${run.elapsedS.toFixed(0)} s`,
    `uptime at start: ${run.uptimeAtStart}`,
    `uptime at end:   ${run.uptimeAtEnd}`,
    `Matcher: answerQuestion in-process, questions name the real article; COLD = lexicon.forgetWords() (questions' words; the articles' words analyzed at indexing stay) and every index's memories (forgetConcepts: concepts; index.forget(): typo look-ups) before each question (untimed); WARM = memories kept (repeated questions find their words analyzed); FRESH = a question new to a process that has answered the others (memories cleared, the other questions asked untimed, then it). Answer cache: none in the service.`,
    `Matcher processes run with --max-old-space-size=${matcherHeapMiB} (10,000 indexed articles outgrow node's default heap); the service runs with node's defaults.`,
    '',
    renderTable(['figure', 'measured (this run, side by side)', 'floor', 'verdict'], floorRows(results)),
    '',
    matcherDetails(results),
    '',
    wsDetails(results),
  ];
  if (results.profile) {
    const { service, matcherCold } = results.profile;
    lines.push(
      '',
      profileDetails('our service under load, C = 50', service),
      `(the .cpuprofile, for DevTools: ${service.dir})`,
      '',
      profileDetails('matcher, 1 article, COLD', matcherCold),
    );
  }
  lines.push('', `JSON: ${file}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
