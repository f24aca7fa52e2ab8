import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importText } from '../../src/corpus/import-text.ts';
import { startTestServer } from '../helpers/server.ts';
import { connect, type Frame } from '../helpers/ws-client.ts';

// Issue 13.5: a question that names no article, on a server with several and no DEFAULT_ARTICLE,
// is answered from all of them together, each citation naming its article.

const articles = ['kuba-china-militaer', 'cannabisgesetz'] as const;
const cannabisQuestion = 'Wie viel Gramm Cannabis darf man zu Hause aufbewahren?';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'faq-cross-'));
  // The articles as `faq-chat import` writes them from the newsroom's exports.
  for (const id of articles) {
    const text = readFileSync(new URL(`../quality/articles/${id}/article.txt`, import.meta.url), 'utf8');
    writeFileSync(join(dir, `${id}.md`), importText(text, { id }).markdown);
  }
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const answersOf = (frames: readonly Frame[]): { article: string; unit: string }[] =>
  frames.filter((f) => f.type === 'answer').map((f) => f.citation as { article: string; unit: string });

describe('a question naming no article, on a server with several', () => {
  it('is answered from the article that answers it, each citation naming its article; the welcome says so', async () => {
    const server = await startTestServer({ FAQ_DIR: dir });
    const client = await connect(server.wsUrl);
    try {
      expect(client.frames[0]).toMatchObject({ type: 'welcome', defaultArticle: null });
      const xinhua = answersOf(await client.ask('Welche Nachrichtenagentur berichtete über das Treffen?'));
      expect(xinhua[0]).toEqual(expect.objectContaining({ article: 'kuba-china-militaer' }));
      const cannabis = await client.ask(cannabisQuestion, { limit: 5 });
      const cited = answersOf(cannabis);
      expect(cited[0]).toEqual(expect.objectContaining({ article: 'cannabisgesetz' }));
      // The same question, naming its article, gives the same best passage.
      const named = answersOf(await client.ask(cannabisQuestion, { article: 'cannabisgesetz', limit: 5 }));
      expect(cited[0]).toEqual(named[0]);
      // Feedback on such an answer is accepted like any other.
      const id = cannabis[0]?.id;
      client.ws.send(JSON.stringify({ type: 'feedback', id, rank: 1, helpful: true }));
      expect(await client.next((f) => f.type === 'ack' && f.id === id)).toEqual({ type: 'ack', id });
    } finally {
      client.close();
      await server.close();
    }
  });

  it('is put to DEFAULT_ARTICLE alone when that names one, and the welcome says which', async () => {
    const server = await startTestServer({ FAQ_DIR: dir, DEFAULT_ARTICLE: 'kuba-china-militaer' });
    const client = await connect(server.wsUrl);
    try {
      expect(client.frames[0]).toMatchObject({ type: 'welcome', defaultArticle: 'kuba-china-militaer' });
      const frames = await client.ask(cannabisQuestion, { limit: 5 });
      expect(answersOf(frames).filter((c) => c.article !== 'kuba-china-militaer')).toEqual([]);
      expect(answersOf(await client.ask('Xinhua'))[0]).toEqual(expect.objectContaining({ article: 'kuba-china-militaer', unit: 'p-3' }));
    } finally {
      client.close();
      await server.close();
    }
  });
});
