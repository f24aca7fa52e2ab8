import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { schemaDefaults } from '../../src/store/sqlite-schema.ts';

const child = fileURLToPath(new URL('../fixtures/processes/open-question-log.ts', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs the child: resolves with what it printed. */
function openIn(base: string, startAt: number, count: number, gapMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, base, String(startAt), String(count), String(gapMs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
    proc.on('error', reject);
    proc.on('exit', () => {
      clearTimeout(timer);
      resolve(out.trim());
    });
  });
}

describe('the question log shared by several processes (WORKERS, or one DATA_DIR)', () => {
  // Before openDatabase retried, this failed in three runs out of three here: WAL set-up answers
  // SQLITE_BUSY at once, not after the busy timeout; a cluster worker whose writer thread failed so
  // lost every question it answered (seen once in the WORKERS=2 test, 4 rows of 8).
  it('opens in every process when they all open a new DATA_DIR at the same moment, again and again', async () => {
    const processes = 3;
    const count = 60;
    const gapMs = 40;
    const base = mkdtempSync(join(tmpdir(), 'faq-shared-log-'));
    dirs.push(base);
    // Far enough ahead for every child to have loaded (tsx) and be waiting.
    const startAt = Date.now() + 2500;
    const results = await Promise.all(Array.from({ length: processes }, () => openIn(base, startAt, count, gapMs)));
    expect(results).toEqual(Array.from({ length: processes }, () => 'ok'));
    for (let k = 0; k < count; k += 1) {
      const db = new Database(join(base, String(k), schemaDefaults.fileName), { readonly: true });
      try {
        expect((db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n).toBe(processes);
      } finally {
        db.close();
      }
    }
  }, 40_000);
});
