/** The parts of a V8 CPU profile (.cpuprofile, or the inspector's Profiler.stop) read here. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly children?: readonly number[];
  }[];
  /** µs on the monotonic clock (process.hrtime's on Linux). */
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Now on the clock a profile's startTime is on, in µs: to cut a window out of a child's profile. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** One function's share of a profile. */
export interface ProfileEntry {
  /** `name file:line`, the file relative to the repository. */
  readonly fn: string;
  readonly ms: number;
  /** µs per question: the profile's time spread over the questions answered in it. */
  readonly perQuestionUs: number;
  readonly share: number;
}

/** The heaviest functions by their own time, and by time with their callees (our code only). */
export interface ProfileSummary {
  readonly sampledMs: number;
  readonly questions: number;
  readonly self: readonly ProfileEntry[];
  readonly inclusive: readonly ProfileEntry[];
  /** Every sample given to one part of the service (matcher, protocol, ws send, …): the sum is the whole. */
  readonly parts: readonly ProfileEntry[];
}

/** The parts a sample is given to: the first frame from the leaf up whose file belongs to one. */
const parts: readonly (readonly [part: string, file: RegExp])[] = [
  ['matcher (src/search, src/answer.ts)', /\/src\/search\/|\/src\/answer\.ts/],
  ['protocol validation (src/protocol.ts)', /\/src\/protocol\.ts|\/zod\//],
  ['respond: frames, session (src/respond.ts, feedback.ts)', /\/src\/(respond|feedback)\.ts/],
  ['question log (src/store, SQLite)', /\/src\/store\/|better-sqlite3/],
  // Before the endpoint's own part: its frame writer (src/server/frames.ts) writes through these.
  ['socket writes (node streams; writev counts wall time)', /^node:(internal\/stream_base_commons|net|internal\/streams\/writable)$/],
  ['ws send: framing', /\/ws\/lib\/sender\.js/],
  ['ws receive: reads, unmasking, events', /\/ws\/lib\//],
  ['endpoint (src/server)', /\/src\/server\//],
];

function partOf(id: number, parent: ReadonlyMap<number, number>, frameOf: ReadonlyMap<number, { functionName: string; url: string }>): string {
  const leaf = frameOf.get(id)?.functionName;
  if (leaf === '(garbage collector)') return 'garbage collector';
  if (leaf === '(idle)') return 'idle (waiting for the network)';
  for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
    const url = frameOf.get(node)?.url ?? '';
    if (url === '') continue;
    for (const [part, file] of parts) if (file.test(url)) return part;
  }
  return 'other (node internals, event loop, V8)';
}

/** The repository's root as profiles write it (file:///…/): paths are shown relative to it. */
const rootUrl = new URL('../', import.meta.url).href;

function shortUrl(url: string): string {
  const path = url.startsWith(rootUrl) ? url.slice(rootUrl.length) : url;
  return path.replace(/^node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '');
}

/** Which samples count: a window of {@link monotonicUs} times, and optionally only those under one function. */
export interface ProfileWindow {
  readonly fromUs?: number;
  readonly toUs?: number;
  /** Only samples with this function on their stack (e.g. the matcher's entry, leaving the harness out). */
  readonly within?: string;
}

/**
 * Sums sample time per function inside the window (leaving out start-up and shutdown, or the
 * harness), and spreads it over `questions`.
 */
export function summarizeProfile(profile: CpuProfile, questions: number, window: ProfileWindow = {}, top = 15): ProfileSummary {
  const { fromUs = 0, toUs = Number.POSITIVE_INFINITY, within } = window;
  const parent = new Map<number, number>();
  const keyOf = new Map<number, string>();
  const nameOf = new Map<number, string>();
  const frameOf = new Map<number, { functionName: string; url: string }>();
  for (const node of profile.nodes) {
    nameOf.set(node.id, node.callFrame.functionName);
    frameOf.set(node.id, node.callFrame);
    for (const child of node.children ?? []) parent.set(child, node.id);
    const { functionName, url, lineNumber } = node.callFrame;
    const name = functionName || '(anonymous)';
    // tsx's transpiled modules report line 0 for every function: the file names it well enough then.
    keyOf.set(node.id, url === '' ? name : lineNumber > 0 ? `${name} ${shortUrl(url)}:${lineNumber + 1}` : `${name} ${shortUrl(url)}`);
  }
  const hasOnStack = (id: number, name: string): boolean => {
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) if (nameOf.get(node) === name) return true;
    return false;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byPart = new Map<string, number>();
  let at = profile.startTime;
  let sampledUs = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (at < fromUs || at > toUs) return;
    if (within !== undefined && !hasOnStack(id, within)) return;
    sampledUs += dt;
    const key = keyOf.get(id) ?? '?';
    self.set(key, (self.get(key) ?? 0) + dt);
    const part = partOf(id, parent, frameOf);
    byPart.set(part, (byPart.get(part) ?? 0) + dt);
    const seen = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const k = keyOf.get(node) ?? '?';
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
    }
  });
  const entries = (map: Map<string, number>, keep: (key: string) => boolean): ProfileEntry[] =>
    [...map]
      .filter(([key]) => keep(key))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, us]) => ({ fn, ms: us / 1000, perQuestionUs: us / Math.max(1, questions), share: us / Math.max(1, sampledUs) }));
  return {
    sampledMs: sampledUs / 1000,
    questions,
    self: entries(self, () => true),
    inclusive: entries(inclusive, (key) => / (src|bench)\//.test(key) || / ws\/lib\//.test(key)),
    parts: entries(byPart, () => true),
  };
}
