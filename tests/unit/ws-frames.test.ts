import { describe, expect, it } from 'vitest';
import * as wsModule from 'ws';
import { loadArticles } from '../../src/corpus/load-articles.ts';
import { createLibrary } from '../../src/library.ts';
import { createResponder } from '../../src/respond.ts';
import { encodeTextFrames } from '../../src/server/frames.ts';
import { faqDir, testLexicon } from '../helpers/server.ts';

// The endpoint frames an answer's messages itself (one buffer, one write): byte for byte what ws would send.

/** What ws's sender writes for one unmasked text message. */
function wsFrame(text: string): Buffer {
  const { Sender } = wsModule as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } };
  const parts = Sender.frame(Buffer.from(text), { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false });
  return Buffer.concat(parts);
}

describe('encodeTextFrames', () => {
  it('writes each text as ws would, at every header size, multi-byte characters included', () => {
    const texts = [
      '',
      'a',
      'x'.repeat(125),
      'x'.repeat(126),
      'ä'.repeat(63),
      'ä'.repeat(64),
      '€'.repeat(21_845),
      'y'.repeat(65_535),
      'y'.repeat(65_536),
      '{"type":"done","id":"q1","count":0,"suggestions":["Wer? 🇨🇺"]}',
    ];
    for (const text of texts) expect(encodeTextFrames([text]).equals(wsFrame(text))).toBe(true);
    expect(encodeTextFrames(texts).equals(Buffer.concat(texts.map(wsFrame)))).toBe(true);
    expect(encodeTextFrames([]).length).toBe(0);
  });

  it('writes answer frames, their bodies encoded once, as the same bytes as their JSON text', () => {
    const responder = createResponder(() => createLibrary(loadArticles(faqDir), testLexicon()));
    for (const [i, question] of ['Wer ist Alvaro Lopez Miera?', 'Wie backe ich einen Apfelkuchen?', 'Kuba China Militär'].entries()) {
      const raw = JSON.stringify({ type: 'ask', id: `ä-${i}-"🇨🇺"`, question, limit: 10 });
      const parts = responder.respondFrames(raw);
      const texts = responder.respond(raw);
      expect(parts.some((p) => typeof p !== 'string') || texts.length === 1).toBe(true);
      expect(encodeTextFrames(parts).equals(Buffer.concat(texts.map(wsFrame)))).toBe(true);
    }
  });
});
