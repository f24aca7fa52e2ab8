import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type Answer, answerQuestion } from '../../src/answer.ts';
import { ExitCode } from '../../src/cli/ask.ts';
import { startTestServer } from '../helpers/server.ts';

// The faq-chat CLI (README, "Ask") as a real child process against a real server on port 0.
// The tests run concurrently: each pays for a Node start-up with tsx, and they share nothing.

const root = fileURLToPath(new URL('../../', import.meta.url));

type Server = Awaited<ReturnType<typeof startTestServer>>;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/faq-chat.js …args` in the repository; `input` is piped to stdin, then EOF. */
function faqChat(args: string[], input?: string): Promise<Run> {
  const env = { ...process.env };
  delete env.FAQ_CHAT_URL;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/faq-chat.js', ...args], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** Runs `faq-chat …args | true`: the reader of its output is gone before it writes (issue 13.3). */
function faqChatIntoClosedPipe(args: string[]): Promise<Run> {
  const env = { ...process.env };
  delete env.FAQ_CHAT_URL;
  return new Promise((resolve, reject) => {
    // `true` exits at once without reading; the CLI needs far longer to start and connect, so every
    // write meets a pipe without a reader (EPIPE). $PIPESTATUS (its first element) is the CLI's own exit code.
    const script = 'node bin/faq-chat.js "$@" | true; exit "$PIPESTATUS"';
    const child = spawn('bash', ['-c', script, 'faq-chat', ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout: '', stderr }));
  });
}

/** Starts a server, runs `body` against it, and always closes it. */
async function withServer(body: (server: Server) => Promise<void>): Promise<void> {
  const server = await startTestServer({ RATE_LIMIT_QUESTIONS: '0' });
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

/** What the server answers, asked in-process: the CLI must print these. */
function expectedAnswers(server: Server, question: string, limit?: number): readonly Answer[] {
  return answerQuestion(server.getLibrary(), { question, limit }).answers;
}

/** A port nothing listens on: bound, read, released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return port;
}

/** A temporary JSON-lines question file (format of ../shared/eval/dev.jsonl). */
function questionFile(questions: { q: string; expect: string[]; kind: string }[]): { file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'faq-cli-'));
  const file = join(dir, 'questions.jsonl');
  writeFileSync(file, `${questions.map((q) => JSON.stringify(q)).join('\n')}\n`);
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const offTopic = 'Wie backe ich einen Apfelkuchen?';

const passing = [
  { q: 'Xinhua', expect: ['Agentur Xinhua'], kind: 'keyword' },
  { q: offTopic, expect: [], kind: 'offtopic' },
];

// One suite, so that all its tests may run at once (suites run one after the other).
describe.concurrent('faq-chat', () => {
  it('asks once, prints each answer with its quote, heading and unit, and exits 0', async () => {
    await withServer(async (server) => {
      const question = 'Gibt es Spionagebasen in Kuba?';
      const run = await faqChat(['--url', server.wsUrl, question]);
      expect(run.code).toBe(ExitCode.answered);
      const answers = expectedAnswers(server, question);
      expect(answers.length).toBeGreaterThan(0);
      let from = 0;
      for (const { citation } of answers) {
        const at = run.stdout.indexOf(citation.quote, from);
        expect(at, `quote of ${citation.unit} in order`).toBeGreaterThanOrEqual(from);
        expect(run.stdout.slice(at)).toContain(citation.heading);
        expect(run.stdout.slice(at)).toContain(citation.unit);
        from = at + citation.quote.length;
      }
      expect(run.stderr).toBe('');
    });
  });

  it('prints one JSON frame per line with --json, the answers then done', async () => {
    await withServer(async (server) => {
      const run = await faqChat(['--url', server.wsUrl, '--json', '--limit', '2', 'Kuba China Militär']);
      expect(run.code).toBe(ExitCode.answered);
      const frames = run.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const answers = expectedAnswers(server, 'Kuba China Militär', 2);
      expect(answers).toHaveLength(2);
      expect(frames.map((f) => f.type)).toEqual(['answer', 'answer', 'done']);
      const id = frames[0]?.id;
      expect(typeof id).toBe('string');
      expect(frames.slice(0, 2)).toEqual(answers.map((answer) => ({ type: 'answer', id, ...answer })));
      expect(frames[2]).toEqual({ type: 'done', id, count: 2 });
    });
  });

  it('says the article does not answer, prints the suggestions and exits 1', async () => {
    await withServer(async (server) => {
      const run = await faqChat(['--url', server.wsUrl, offTopic]);
      expect(run.code).toBe(ExitCode.noAnswer);
      const suggestions = answerQuestion(server.getLibrary(), { question: offTopic }).suggestions;
      expect(suggestions).toHaveLength(4);
      for (const suggestion of suggestions) expect(run.stdout).toContain(suggestion);
    });
  });

  it('answers questions piped to the interactive prompt until EOF, then exits 0', async () => {
    await withServer(async (server) => {
      const run = await faqChat(['--url', server.wsUrl], 'Xinhua\nHe Weidong\n');
      expect(run.code).toBe(ExitCode.answered);
      const first = expectedAnswers(server, 'Xinhua')[0]!.citation;
      const second = expectedAnswers(server, 'He Weidong')[0]!.citation;
      expect([first.unit, second.unit]).toEqual(['p-3', 'p-7']);
      const at = run.stdout.indexOf(first.quote);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(run.stdout.indexOf(second.quote, at + first.quote.length)).toBeGreaterThan(at);
    });
  });

  // One test each, so that they run at once: each is a Node start-up with tsx.
  for (const [name, args, code] of [
    ['answers', ['--limit', '10', 'Kuba China Militär'], ExitCode.answered],
    ['frames', ['--json', '--limit', '10', 'Kuba China Militär'], ExitCode.answered],
    ['no answer', [offTopic], ExitCode.noAnswer],
  ] as const) {
    it(`ends quietly with its own exit code when the reader of its output has gone (\`| head -1\`): ${name}`, async () => {
      await withServer(async (server) => {
        const run = await faqChatIntoClosedPipe(['--url', server.wsUrl, ...args]);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(code);
      });
    });
  }

  it('refuses --limit 0 as a usage error (exit 64) without asking', async () => {
    const run = await faqChat(['--url', `ws://127.0.0.1:${await closedPort()}/ws`, '--limit', '0', 'Xinhua']);
    expect(run.code).toBe(ExitCode.usage);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--limit');
  });

  it('prints one line naming the URL, no stack trace, and exits 2 when the server is unreachable', async () => {
    const url = `ws://127.0.0.1:${await closedPort()}/ws`;
    const run = await faqChat(['--url', url, 'Xinhua']);
    expect(run.code).toBe(ExitCode.unreachable);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(url);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('scores a question file in-process with --local, prints the table per kind, and exits 0 when top-1 clears --min-top1', async () => {
    const { file, remove } = questionFile(passing);
    try {
      const run = await faqChat(['eval', file, '--local', '--min-top1', '0.99']);
      expect(run.code).toBe(0);
      const rows = run.stdout.split('\n');
      expect(rows[0]).toMatch(/^kind\s+n\s+top-1\s+top-3\s+abstained/);
      expect(rows.find((r) => r.startsWith('keyword '))).toMatch(/^keyword\s+1\s+1\/1 \(100%\)\s+1\/1 \(100%\)/);
      expect(rows.find((r) => r.startsWith('offtopic '))).toMatch(/^offtopic\s+1\s.*1\/1 \(100%\)/);
    } finally {
      remove();
    }
  });

  it('refuses --min-top1 outside 0..1 as a usage error (exit 64) before scoring', async () => {
    const { file, remove } = questionFile(passing);
    try {
      const run = await faqChat(['eval', file, '--local', '--min-top1', '1.01']);
      expect(run.code).toBe(ExitCode.usage);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('--min-top1');
    } finally {
      remove();
    }
  });

  it('exits 1 when top-1 over a real server falls below --min-top1', async () => {
    const failing = [...passing, { q: 'Xinhua', expect: ['ein Satz, den der Artikel nicht enthält'], kind: 'keyword' }];
    const { file, remove } = questionFile(failing);
    try {
      await withServer(async (server) => {
        const run = await faqChat(['eval', file, '--url', server.wsUrl, '--min-top1', '0.99']);
        expect(run.code).toBe(1);
        expect(run.stdout).toMatch(/^keyword\s+2\s+1\/2 \(50%\)/m);
        expect(run.stderr).toContain('0.99');
      });
    } finally {
      remove();
    }
  });
});
