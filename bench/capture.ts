import WebSocket from 'ws';
import { askLimit } from './matcher.ts';

/** Our service's frames, captured once: what the bare server replays. */
export interface CapturedFrames {
  readonly welcome: string;
  /** Per question, in order, the frames our service sent for it (answers, then done). */
  readonly replies: readonly (readonly string[])[];
}

/** The ask frame the load generator and the capture both send. */
export function askFrame(id: string, question: string): string {
  return JSON.stringify({ type: 'ask', id, question, limit: askLimit });
}

/**
 * Asks our service each question once, in order, on one connection, with a number appended as the
 * load generator appends one, and keeps the frames it sends.
 */
export function captureFrames(wsUrl: string, questions: readonly string[]): Promise<CapturedFrames> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl);
    const replies: string[][] = [];
    let welcome: string | undefined;
    let current: string[] = [];
    const askNext = (): void => {
      const question = questions[replies.length];
      if (question === undefined) {
        ws.close();
        resolve({ welcome: welcome ?? '', replies });
        return;
      }
      current = [];
      ws.send(askFrame(`capture-${replies.length}`, `${question} ${replies.length}`));
    };
    ws.on('error', reject);
    ws.on('message', function captureOnMessage(data) {
      const frame = String(data);
      if (welcome === undefined) {
        welcome = frame;
        askNext();
        return;
      }
      current.push(frame);
      if (!frame.startsWith('{"type":"done"') && !frame.startsWith('{"type":"error"')) return;
      replies.push(current);
      askNext();
    });
  });
}
