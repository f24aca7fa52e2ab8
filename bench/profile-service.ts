import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild } from './child.ts';
import { type CpuProfile, type ProfileSummary, summarizeProfile } from './cpu-profile.ts';
import { startService } from './service.ts';
import type { LoadJob, LoadReply } from './ws-load.ts';

const faqDir = fileURLToPath(new URL('../faq/', import.meta.url));
/** Load before the profiled window: connections set up, one-off work (dictionaries parsed on first use) done. */
const warmupMs = 1000;

/** The largest .cpuprofile of a directory: the main thread's (tsx's loader thread writes a small one too). */
function mainProfile(dir: string): CpuProfile {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const largest = files.sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size)[0];
  if (largest === undefined) throw new Error(`no CPU profile written to ${dir}`);
  return JSON.parse(readFileSync(join(dir, largest), 'utf8')) as CpuProfile;
}

/** Runs our service under `node --cpu-prof` with the load generator at `connections`, and summarizes where its time went under load. */
export async function profileService(questions: readonly string[], connections: number, measureMs: number): Promise<ProfileSummary & { readonly dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'faq-bench-profile-'));
  const service = await startService({
    faqDir,
    readyBy: 'readyz',
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    env: { RATE_LIMIT_QUESTIONS: '0', MAX_CONNECTIONS_PER_IP: String(connections + 16) },
    timeoutMs: 60_000,
  });
  const load = startChild('ws-load.ts');
  let reply: LoadReply;
  try {
    reply = await load.request<LoadJob, LoadReply>(
      { url: service.wsUrl, serverPid: service.pid, connections, warmupMs, measureMs, questions, unique: true },
      warmupMs + measureMs + 30_000,
    );
  } finally {
    await load.stop();
    await service.stop();
  }
  return { ...summarizeProfile(mainProfile(dir), reply.completed, { fromUs: reply.windowStartUs, toUs: reply.windowStartUs + measureMs * 1000 }), dir };
}
