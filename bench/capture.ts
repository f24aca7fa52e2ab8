import WebSocket from 'ws';
import { askLimit } from './matcher.ts';

/** A captured reply frame around its id: the frame is `before + JSON.stringify(id) + after`. */
export type FrameTemplate = readonly [before: string, after: string];

/** Our service's frames, captured once: what the bare server replays. */
export interface CapturedFrames {
  readonly welcome: string;
  /** Per question, the frames our service sent for it (answers, then done). */
  readonly replies: ReadonlyMap<string, readonly FrameTemplate[]>;
}

/** The id asked with during capture, replaced by each load question's own id on replay. */
const placeholderId = '__bench_capture__';

/** The ask frame the load generator and the capture both send. */
export function askFrame(id: string, question: string): string {
  return JSON.stringify({ type: 'ask', id, question, limit: askLimit });
}

function templateOf(frame: string): FrameTemplate {
  const parts = frame.split(JSON.stringify(placeholderId));
  if (parts.length !== 2) throw new Error(`captured frame does not carry the ask id exactly once: ${frame.slice(0, 120)}`);
  return [parts[0] as string, parts[1] as string];
}

/** Asks our service each question once, in order, on one connection, and keeps the frames it sends. */
export function captureFrames(wsUrl: string, questions: readonly string[]): Promise<CapturedFrames> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl);
    const replies = new Map<string, FrameTemplate[]>();
    let welcome: string | undefined;
    let next = 0;
    let current: FrameTemplate[] = [];
    const askNext = (): void => {
      const question = questions[next];
      if (question === undefined) {
        ws.close();
        resolve({ welcome: welcome ?? '', replies });
        return;
      }
      current = [];
      ws.send(askFrame(placeholderId, question));
    };
    ws.on('error', reject);
    ws.on('message', function captureOnMessage(data) {
      const frame = String(data);
      if (welcome === undefined) {
        welcome = frame;
        askNext();
        return;
      }
      current.push(templateOf(frame));
      if (!frame.startsWith('{"type":"done"') && !frame.startsWith('{"type":"error"')) return;
      replies.set(questions[next] as string, current);
      next += 1;
      askNext();
    });
  });
}
