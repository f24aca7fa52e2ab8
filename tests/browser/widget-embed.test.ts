import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion } from '../../src/answer.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { fixturesDir, startTestServer } from '../helpers/server.ts';
import { closeTestPages, launchBrowser, newTestPage, saveScreenshot, skipBrowser, type TestPage } from './support/browser.ts';
import { embeddingPage, type HostPage, startHostPage } from './support/host-page.ts';
import { askByTyping, finishedReply, openWidget, widget } from './support/widget.ts';

const xssDir = `${fixturesDir}widget-xss/`;
const xssQuestion = 'Was zeigt der Absatz über das Bild-Tag und das Skript-Tag?';

describe('widget assets', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('serves widget.js and widget.css to other origins (CORP cross-origin) while the page keeps strict headers', async () => {
    for (const asset of ['/widget.js', '/widget.css']) {
      const response = await fetch(`${server.url}${asset}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    }
    const page = await fetch(`${server.url}/`);
    expect(page.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

describe.skipIf(skipBrowser)('widget embedded on other pages', () => {
  let browser: Browser;
  const cleanups: (() => Promise<unknown>)[] = [];
  const opened: TestPage[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterEach(async () => {
    expect(await closeTestPages(opened)).toEqual([]);
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function server(env: Record<string, string> = {}): Promise<RunningServer> {
    const running = await startTestServer(env);
    cleanups.push(() => running.close());
    return running;
  }

  /** A page on another origin; `render` runs per request, so it may use a server started later. */
  async function hostPage(render: () => string): Promise<HostPage> {
    const host = await startHostPage(render);
    cleanups.push(() => host.close());
    return host;
  }

  async function visit(url: string): Promise<TestPage> {
    const test = await newTestPage(browser);
    opened.push(test);
    await test.page.goto(url);
    return test;
  }

  it('works on a page from another origin on ALLOWED_ORIGINS, in English with data-lang, linking citations to the article', async () => {
    let widgetSrc = '';
    const host = await hostPage(() => embeddingPage({ src: widgetSrc, 'data-article': 'kuba-china-militaer', 'data-lang': 'en' }));
    const chat = await server({ ALLOWED_ORIGINS: host.origin });
    widgetSrc = `${chat.url}/widget.js`;
    const { page } = await visit(host.url);
    const w = widget(page);
    expect(await w.launcher.textContent()).toBe('Questions about this article');
    const socket = page.waitForEvent('websocket');
    await openWidget(page);
    expect((await socket).url()).toBe(chat.wsUrl);
    expect(await w.root.getAttribute('lang')).toBe('en');

    await askByTyping(page, 'Gibt es Spionagebasen in Kuba?');
    const reply = await finishedReply(page, 0);
    const [expected] = answerQuestion(chat.getLibrary(), { question: 'Gibt es Spionagebasen in Kuba?' }).answers;
    const best = reply.locator('.answer[data-rank="1"]');
    expect(await best.locator('blockquote').textContent()).toBe(expected?.citation.quote);
    expect(['Answers the question directly', 'Probably answers it', 'Might answer it']).toContain(await best.locator('.hint').textContent());
    expect(await best.locator('blockquote').getAttribute('lang')).toBe('de');
    // This page is not the article and the article has no canonical URL: the citation names the place only.
    expect(await best.locator('a.cite').count()).toBe(0);
    expect(await best.locator('.cite').textContent()).toBe(expected?.citation.kind === 'faq' ? 'FAQ' : `Paragraph ${expected?.citation.unit.slice(2)}`);
    await saveScreenshot(page, 'other-origin-english');

    await askByTyping(page, 'Wie backe ich einen Apfelkuchen?');
    expect(await (await finishedReply(page, 1)).locator('.none').textContent()).toBe('This article does not say anything about that, sorry.');
  });

  it('links the citation to the article URL with a text fragment when the page is not the article', async () => {
    let widgetSrc = '';
    const host = await hostPage(() => embeddingPage({ src: widgetSrc }));
    const chat = await server({ ALLOWED_ORIGINS: host.origin, FAQ_DIR: `${fixturesDir}widget-url/` });
    widgetSrc = `${chat.url}/widget.js`;
    const { page } = await visit(host.url);
    await openWidget(page);
    await askByTyping(page, 'Wo liegt der Hafen?');
    const reply = await finishedReply(page, 0);
    const [expected] = answerQuestion(chat.getLibrary(), { question: 'Wo liegt der Hafen?' }).answers;
    const cite = reply.locator('.answer[data-rank="1"] a.cite');
    expect(expected?.citation.url).toContain('#:~:text=');
    expect(await cite.getAttribute('href')).toBe(expected?.citation.url);
    expect(await cite.getAttribute('target')).toBe('_blank');
    expect(await cite.getAttribute('rel')).toBe('noopener');
  });

  it('connects where data-server says, not where the script came from', async () => {
    let attributes: Record<string, string> = {};
    const host = await hostPage(() => embeddingPage(attributes));
    const chat = await server({ ALLOWED_ORIGINS: host.origin });
    const port = new URL(chat.url).port;
    attributes = { src: `${chat.url}/widget.js`, 'data-server': `http://localhost:${port}` };
    const { page } = await visit(host.url);
    const socket = page.waitForEvent('websocket');
    await openWidget(page);
    expect((await socket).url()).toBe(`ws://localhost:${port}/ws`);
  });

  it('is refused by the server when its page comes from an origin not on the allowlist, and stays quietly reconnecting', async () => {
    let widgetSrc = '';
    const allowed = await hostPage(() => embeddingPage({ src: widgetSrc }));
    const refused = await hostPage(() => embeddingPage({ src: widgetSrc }));
    const chat = await server({ ALLOWED_ORIGINS: allowed.origin });
    widgetSrc = `${chat.url}/widget.js`;
    const { page } = await visit(refused.url);
    const w = widget(page);
    const frames: string[] = [];
    const refusals: string[] = [];
    const refusedTwice = new Promise<void>((resolve) => {
      page.on('websocket', (socket) => {
        socket.on('framereceived', (f) => frames.push(String(f.payload)));
        socket.on('socketerror', (error) => {
          refusals.push(error);
          if (refusals.length === 2) resolve();
        });
      });
    });
    await w.launcher.click();
    // Two refused handshakes: the widget keeps trying, with backoff, and is refused each time.
    await refusedTwice;
    expect(refusals[0]).toContain('403');
    expect(frames).toEqual([]);
    expect(await w.root.getAttribute('data-state')).toBe('reconnecting');
    // No welcome, so no article language: the UI follows the host page's <html lang="en">.
    expect(await w.status.textContent()).toBe('Connecting …');
    expect(await w.starterChips.count()).toBe(0);
    await saveScreenshot(page, 'refused-origin');
  });

  it('shows <img onerror> and <script> from the article as text and runs none of it', async () => {
    const chat = await server({ FAQ_DIR: xssDir });
    const { page } = await visit(chat.url);
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs += 1;
      void dialog.dismiss();
    });
    const w = widget(page);
    const article = chat.getLibrary().get('xss-probe')!.article;
    expect(await page.locator('h1').textContent()).toBe(article.title);
    expect(await page.locator('#unit-p-1').textContent()).toBe(article.units[0]?.text);

    await openWidget(page);
    const question = article.units[1]!.heading;
    expect(await w.starterChips.allTextContents()).toEqual([question]);
    await w.starterChips.first().click();
    const reply = await finishedReply(page, 0);
    const quoteOf = (q: string): string | undefined => answerQuestion(chat.getLibrary(), { question: q }).answers[0]?.citation.quote;
    const best = reply.locator('.answer[data-rank="1"]');
    expect(quoteOf(question)).toContain('<script>');
    expect(await best.locator('blockquote').textContent()).toBe(quoteOf(question));
    expect(await best.locator('.heading').textContent()).toBe(question);

    await askByTyping(page, xssQuestion);
    const second = (await finishedReply(page, 1)).locator('.answer[data-rank="1"]');
    expect(quoteOf(xssQuestion)).toContain('<img src=x onerror=');
    expect(await second.locator('blockquote').textContent()).toBe(quoteOf(xssQuestion));
    await askByTyping(page, '<img src=x onerror="window.xssRan = \'reader\'"> Wetter?');
    const third = await finishedReply(page, 2);
    expect(await w.userBubbles.nth(2).textContent()).toContain('<img src=x');
    // The reader's markup matches the article's own text; whatever the reply is, it holds no element of it.
    expect(await third.locator('img, script').count()).toBe(0);
    await second.locator('a.cite').click();

    expect(await page.evaluate(() => (window as unknown as { xssRan?: string }).xssRan)).toBeUndefined();
    expect(dialogs).toBe(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(await w.host.locator('img, script').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    await saveScreenshot(page, 'xss-as-text');
  });
});
