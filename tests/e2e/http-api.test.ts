import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol.ts';
import { startTestServer } from '../helpers/server.ts';
import { connect } from '../helpers/ws-client.ts';

// The HTTP side of the server (docs/protocol.md, "HTTP equivalents"), each test on its own real
// server on port 0.

type Server = Awaited<ReturnType<typeof startTestServer>>;

/** Starts a server, runs `body` against it, and always closes it. */
async function withServer(body: (server: Server) => Promise<void>, env: Record<string, string> = {}): Promise<void> {
  const server = await startTestServer(env);
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

/** GET `path` and its parsed JSON body. */
async function getJson(server: Server, path: string): Promise<{ status: number; type: string; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${path}`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: (await response.json()) as Record<string, unknown> };
}

/** A directory with one article file per entry (id → paragraph, optional url), removed by the returned function. */
function articleDir(articles: Record<string, { paragraph: string; url?: string }>): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'faq-http-'));
  for (const [id, { paragraph, url }] of Object.entries(articles)) {
    const meta = ['---', `id: ${id}`, `title: Titel ${id}`, 'language: de', 'source: Test', ...(url ? [`url: ${url}`] : []), '---'];
    writeFileSync(join(dir, `${id}.md`), [...meta, '', paragraph, ''].join('\n'));
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

const ask = (q: string, rest = ''): string => `/api/ask?q=${encodeURIComponent(q)}${rest}`;

/** Decodes the HTML escapes a page may use for text. */
function unescapeHtml(html: string): string {
  return html.replace(/&(?:amp|lt|gt|quot|#39|#x27|#(\d+));/g, (entity, code: string | undefined) => {
    if (code !== undefined) return String.fromCodePoint(Number(code));
    return ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" } as Record<string, string>)[entity] ?? entity;
  });
}

describe('GET /api/ask', () => {
  it('answers with the same answer objects the WebSocket sends, without type and id', async () => {
    await withServer(async (server) => {
      const question = 'Gibt es Spionagebasen in Kuba?';
      const http = await getJson(server, ask(question, '&limit=2'));
      expect(http.status).toBe(200);
      expect(http.type).toMatch(/^application\/json/);
      const client = await connect(server.wsUrl);
      try {
        const frames = await client.ask(question, { limit: 2 });
        const wsAnswers = frames.filter((f) => f.type === 'answer').map(({ type: _type, id: _id, ...answer }) => answer);
        expect(wsAnswers.length).toBeGreaterThan(0);
        expect(http.body).toEqual({ answers: wsAnswers, suggestions: [] });
      } finally {
        client.close();
      }
    });
  });

  it('names the article and limits the answers as asked', async () => {
    await withServer(async (server) => {
      const one = await getJson(server, ask('Kuba China Militär', '&limit=1&article=kuba-china-militaer'));
      expect(one.status).toBe(200);
      expect(one.body.answers).toHaveLength(1);
      const ten = await getJson(server, ask('Kuba China Militär', '&limit=10'));
      expect(ten.body.answers).toHaveLength(10);
    });
  });

  it('answers a question the article does not answer with no answers and the FAQ questions as suggestions', async () => {
    await withServer(async (server) => {
      const { status, body } = await getJson(server, ask('Wie backe ich einen Apfelkuchen?'));
      expect(status).toBe(200);
      const faqQuestions = server
        .getLibrary()
        .list()[0]!
        .article.units.filter((u) => u.kind === 'faq')
        .map((u) => u.heading);
      expect(body).toEqual({ answers: [], suggestions: faqQuestions });
      expect(faqQuestions).toHaveLength(4);
    });
  });

  it('refuses a missing, empty or blank question with 400 empty_question', async () => {
    await withServer(async (server) => {
      for (const path of ['/api/ask', '/api/ask?q=', `/api/ask?q=${encodeURIComponent(' \t\n ')}`, '/api/ask?limit=2']) {
        const { status, type, body } = await getJson(server, path);
        expect({ path, status, code: (body.error as { code?: string } | undefined)?.code }).toEqual({ path, status: 400, code: ErrorCode.emptyQuestion });
        expect(type).toMatch(/^application\/json/);
        expect(Object.keys(body)).toEqual(['error']);
        expect(typeof (body.error as { message?: unknown }).message).toBe('string');
      }
    });
  });

  it('refuses a bad limit and a repeated parameter with 400 bad_request', async () => {
    await withServer(async (server) => {
      const paths = [
        ask('Xinhua', '&limit=0'),
        ask('Xinhua', '&limit=11'),
        ask('Xinhua', '&limit=2.5'),
        ask('Xinhua', '&limit=zwei'),
        ask('Xinhua', '&limit=1&limit=2'),
        '/api/ask?q=Xinhua&q=Havanna',
        ask('Xinhua', '&article=a&article=b'),
      ];
      for (const path of paths) {
        const { status, body } = await getJson(server, path);
        expect({ path, status, code: (body.error as { code?: string } | undefined)?.code }).toEqual({ path, status: 400, code: ErrorCode.badRequest });
        expect(typeof (body.error as { message?: unknown }).message).toBe('string');
      }
    });
  });

  it('refuses an unknown article with 404 unknown_article', async () => {
    await withServer(async (server) => {
      const { status, body } = await getJson(server, ask('Xinhua', '&article=gibt-es-nicht'));
      expect(status).toBe(404);
      expect(body).toEqual({ error: { code: ErrorCode.unknownArticle, message: expect.any(String) } });
    });
  });

  it('refuses a question over 500 characters with 413 question_too_long', async () => {
    await withServer(async (server) => {
      const { status, body } = await getJson(server, ask('a'.repeat(501)));
      expect(status).toBe(413);
      expect(body).toEqual({ error: { code: ErrorCode.questionTooLong, message: expect.any(String) } });
      expect((await getJson(server, ask('a'.repeat(500)))).status).toBe(200);
    });
  });
});

describe('GET /api/articles, /healthz, /readyz', () => {
  it('lists the articles as the welcome frame announces them', async () => {
    await withServer(async (server) => {
      const { status, body } = await getJson(server, '/api/articles');
      expect(status).toBe(200);
      const client = await connect(server.wsUrl);
      try {
        expect(body).toEqual({ articles: client.frames[0]?.articles });
        expect((body.articles as { id: string }[]).map((a) => a.id)).toEqual(['kuba-china-militaer']);
      } finally {
        client.close();
      }
    });
  });

  it('says alive on /healthz and ready with the article count on /readyz', async () => {
    await withServer(async (server) => {
      expect((await getJson(server, '/healthz')).status).toBe(200);
      const ready = await getJson(server, '/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({ articles: 1 });
    });
  });

  it('with several articles: lists them all, counts them on /readyz, answers an unnamed question from the right one, and one by name', async () => {
    const { dir, remove } = articleDir({
      hafen: { paragraph: 'Der Hafen von Mariel wurde 2014 eröffnet.', url: 'https://example.org/hafen' },
      zucker: { paragraph: 'Die Zuckerernte fiel 2024 gering aus.' },
    });
    try {
      await withServer(
        async (server) => {
          const { body } = await getJson(server, '/api/articles');
          const listed = (body.articles as { id: string; url?: string }[]).sort((a, b) => a.id.localeCompare(b.id));
          expect(listed.map((a) => [a.id, a.url])).toEqual([
            ['hafen', 'https://example.org/hafen'],
            ['zucker', undefined],
          ]);
          expect((await getJson(server, '/readyz')).body).toMatchObject({ articles: 2 });
          // No article named, none the default: answered from all of them, each citation naming its article.
          const unnamed = await getJson(server, ask('Wann wurde der Hafen eröffnet?'));
          expect(unnamed.status).toBe(200);
          expect((unnamed.body.answers as { citation: { article: string } }[]).map((a) => a.citation.article)).toEqual(['hafen']);
          const sugar = await getJson(server, ask('Wie fiel die Zuckerernte aus?'));
          expect((sugar.body.answers as { citation: { article: string; unit: string } }[])[0]?.citation).toMatchObject({ article: 'zucker', unit: 'p-1' });
          const named = await getJson(server, ask('Wann wurde der Hafen eröffnet?', '&article=hafen'));
          expect(named.status).toBe(200);
          const citation = (named.body.answers as { citation: { article: string; unit: string; url?: string } }[])[0]?.citation;
          expect(citation).toMatchObject({ article: 'hafen', unit: 'p-1' });
          expect(citation?.url).toMatch(/^https:\/\/example\.org\/hafen#:~:text=/);
        },
        { FAQ_DIR: dir },
      );
      // DEFAULT_ARTICLE set: an unnamed question is put to that article alone.
      await withServer(
        async (server) => {
          expect((await getJson(server, ask('Wie fiel die Zuckerernte aus?'))).body).toMatchObject({ answers: [] });
          const harbour = await getJson(server, ask('Wann wurde der Hafen eröffnet?'));
          expect((harbour.body.answers as { citation: { article: string } }[]).map((a) => a.citation.article)).toEqual(['hafen']);
        },
        { FAQ_DIR: dir, DEFAULT_ARTICLE: 'hafen' },
      );
    } finally {
      remove();
    }
  });
});

describe('GET /', () => {
  it('shows the article title, every unit as text with its id, and the widget script', async () => {
    await withServer(async (server) => {
      const response = await fetch(`${server.url}/`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const html = await response.text();
      const { article } = server.getLibrary().list()[0]!;
      expect(unescapeHtml(html.match(/<title>([^<]*)<\/title>/)?.[1] ?? '')).toBe(article.title);
      expect(unescapeHtml(html.match(/<h1>([^<]*)<\/h1>/)?.[1] ?? '')).toBe(article.title);
      for (const unit of article.units) {
        const element = new RegExp(`<(\\w+)[^>]*\\bid="unit-${unit.id}"[^>]*>([^<]*)</\\1>`).exec(html);
        expect(element, unit.id).not.toBeNull();
        expect(unescapeHtml(element?.[2] ?? '')).toBe(unit.text);
      }
      expect(html).toMatch(/<script[^>]*\bsrc="\/widget\.js"[^>]*><\/script>/);
    });
  });

  it('shows raw HTML in an article as escaped text', async () => {
    const { dir, remove } = articleDir({ probe: { paragraph: 'Bild <img src=x onerror=alert(1)> und <script>alert(2)</script> hier.' } });
    try {
      await withServer(
        async (server) => {
          const html = await (await fetch(`${server.url}/`)).text();
          expect(html).toContain('Bild &lt;img src=x onerror=alert(1)&gt; und &lt;script&gt;alert(2)&lt;/script&gt; hier.');
          expect(html).not.toContain('<img src=x');
          expect(html).not.toContain('<script>alert(2)');
        },
        { FAQ_DIR: dir },
      );
    } finally {
      remove();
    }
  });
});

describe('GET /api/ask rate limit', () => {
  it('answers 429 rate_limited once an address has asked ten times RATE_LIMIT_QUESTIONS in 10 s', async () => {
    const server = await startTestServer({ RATE_LIMIT_QUESTIONS: '2' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 21; i += 1) statuses.push((await fetch(`${server.url}/api/ask?q=Xinhua`)).status);
      expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
      const refused = await fetch(`${server.url}/api/ask?q=Xinhua`);
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.rateLimited);
    } finally {
      await server.close();
    }
  });
});
