import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../helpers/server.ts';

// `faq-chat eval` as readers of the docs run it: on article folders in-process, and against a real
// server with its default limits (issue 13.2: refused questions are asked again, never scored).

const root = fileURLToPath(new URL('../../', import.meta.url));
const articles = join(root, 'tests/quality/articles');

function faqChat(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/faq-chat.js', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('faq-chat eval', () => {
  it('imports article folders, serves them together and reports each article and the pool', async () => {
    const run = await faqChat(['eval', join(articles, 'cannabisgesetz'), join(articles, 'kuba-china-militaer'), '--local', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      articles: { id: string; report: { german: { questions: number; top1: number } } }[];
      pooled: { german: { questions: number; top1: number }; reliability: { answered: number; bands: unknown[] } };
    };
    expect(report.articles.map((a) => a.id)).toEqual(['cannabisgesetz', 'kuba-china-militaer']);
    expect(report.pooled.german.questions).toBe(35 + 38);
    expect(report.pooled.german.top1).toBe(report.articles.reduce((sum, a) => sum + a.report.german.top1, 0));
    expect(report.pooled.reliability.bands.length).toBeGreaterThanOrEqual(4);
  });

  it('with --naming-none asks naming no article, and counts an answer from another article as wrong', async () => {
    // The same export twice, as two articles: named, each folder's questions find their own copy;
    // naming none, the first answer comes from either copy, so one folder's questions lose theirs.
    const dir = mkdtempSync(join(tmpdir(), 'faq-eval-none-'));
    try {
      for (const id of ['erste-kopie', 'zweite-kopie']) {
        mkdirSync(join(dir, id));
        for (const file of ['article.txt', 'questions.jsonl']) copyFileSync(join(articles, 'cannabisgesetz', file), join(dir, id, file));
      }
      const top1 = async (extra: string[]): Promise<number> => {
        const run = await faqChat(['eval', dir, '--local', '--json', ...extra]);
        expect(run.code).toBe(0);
        return (JSON.parse(run.stdout) as { pooled: { german: { top1: number } } }).pooled.german.top1;
      };
      const named = await top1([]);
      const none = await top1(['--naming-none']);
      expect(none).toBeGreaterThan(0);
      expect(none).toBeLessThan(named * 0.75);
      const file = await faqChat(['eval', join(articles, 'cannabisgesetz', 'questions.jsonl'), '--local', '--naming-none']);
      expect(file.code).toBe(64);
      expect(file.stderr).toMatch(/--naming-none is for article folders/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints a table per article, the pooled row and the reliability table', async () => {
    const run = await faqChat(['eval', articles, '--local']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^pooled \(5\)/m);
    expect(run.stdout).toMatch(/expected calibration error \(ECE\) over \d+ first answers: 0\.\d{3}/);
  });

  it('against a server with default limits prints the same figures as in-process: refused questions are asked again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faq-eval-'));
    // More questions than the default 20 per 10 s a connection may ask.
    const lines = readFileSync(join(articles, 'kuba-china-militaer/questions.jsonl'), 'utf8').trim().split('\n').slice(0, 26);
    const file = join(dir, 'questions.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const server = await startTestServer();
    try {
      const [local, remote] = await Promise.all([faqChat(['eval', file, '--local', '--json']), faqChat(['eval', file, '--url', server.wsUrl, '--json'])]);
      expect(remote.stderr).toBe('');
      expect(remote.code).toBe(0);
      expect(JSON.parse(remote.stdout)).toEqual(JSON.parse(local.stdout));
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('fails loudly, scoring nothing, when the server refuses a question for good', async () => {
    const server = await startTestServer({ RATE_LIMIT_QUESTIONS: '0' });
    try {
      const run = await faqChat(['eval', join(articles, 'kuba-china-militaer/questions.jsonl'), '--url', server.wsUrl, '--article', 'no-such-article']);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('unknown_article');
    } finally {
      await server.close();
    }
  });
});
