import type { Browser, WebSocketRoute } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../helpers/server.ts';
import { closeTestPages, launchBrowser, newTestPage, saveScreenshot, skipBrowser, type TestPage } from './support/browser.ts';
import { askByTyping, finishedReply, openWidget, widget } from './support/widget.ts';

interface AskFrame {
  type: 'ask';
  id: string;
  question: string;
}

function parse(message: string | Buffer): Record<string, unknown> {
  return JSON.parse(String(message)) as Record<string, unknown>;
}

describe.skipIf(skipBrowser)('widget connection', () => {
  let browser: Browser;
  const servers: RunningServer[] = [];
  const opened: TestPage[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterEach(async () => {
    expect(await closeTestPages(opened)).toEqual([]);
    for (const server of servers.splice(0)) await server.close();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function server(env: Record<string, string> = {}): Promise<RunningServer> {
    const running = await startTestServer(env);
    servers.push(running);
    return running;
  }

  async function page(): Promise<TestPage> {
    const test = await newTestPage(browser);
    opened.push(test);
    return test;
  }

  it('reconnects after the server restarts on the same port and answers a question typed offline exactly once', async () => {
    const first = await server();
    const port = new URL(first.url).port;
    const { page: p } = await page();
    const asked: AskFrame[] = [];
    p.on('websocket', (socket) =>
      socket.on('framesent', (f) => {
        const frame = parse(f.payload);
        if (frame.type === 'ask') asked.push(frame as unknown as AskFrame);
      }),
    );
    const w = widget(p);
    await p.goto(first.url);
    await openWidget(p);
    await w.starterChips.first().click();
    await finishedReply(p, 0);

    await first.close();
    servers.splice(servers.indexOf(first), 1);
    await p.locator('faq-chat .root[data-state="reconnecting"]').waitFor({ state: 'attached' });
    expect(await w.status.textContent()).toBe('Verbindung unterbrochen. Neuer Versuch läuft …');
    await askByTyping(p, 'Wer ist He Weidong?');
    expect(await w.replies.nth(1).locator('.note').textContent()).toBe('Wird gesendet, sobald die Verbindung wieder steht.');
    await saveScreenshot(p, 'desktop-reconnecting');

    await server({ PORT: port });
    const reply = await finishedReply(p, 1);
    expect(await reply.locator('.answer[data-rank="1"] blockquote').textContent()).toContain('He Weidong');
    expect(await w.root.getAttribute('data-state')).toBe('online');
    expect(await w.status.textContent()).toBe('');
    expect(asked.filter((a) => a.question === 'Wer ist He Weidong?')).toHaveLength(1);
    expect(await w.userBubbles.allTextContents()).toEqual([await w.starterChips.first().textContent(), 'Wer ist He Weidong?']);
    expect(await w.replies.count()).toBe(2);
    expect(await reply.locator('.answer').count()).toBe(1);
  });

  it('asks a question again once when its done never arrived, without duplicate bubbles, then gives up', async () => {
    const chat = await server();
    const { context, page: p } = await page();
    const threeAnswers = 'Was haben Kuba und China vereinbart?';
    const lostOnce = new Set([threeAnswers]);
    const alwaysLost = 'Xinhua';
    const asked: string[] = [];
    // Between page and server: passes frames through, but loses the connection instead of sending
    // some `done` frames, the way a server restart mid-answer would.
    await context.routeWebSocket(/\/ws$/, function relay(route: WebSocketRoute) {
      const upstream = route.connectToServer();
      const questions = new Map<string, string>();
      route.onMessage((message) => {
        const frame = parse(message);
        if (frame.type === 'ask') {
          asked.push(String(frame.question));
          questions.set(String(frame.id), String(frame.question));
        }
        upstream.send(message);
      });
      upstream.onMessage((message) => {
        const frame = parse(message);
        const question = questions.get(String(frame.id)) ?? '';
        if (frame.type === 'done' && (question === alwaysLost || lostOnce.delete(question))) {
          void route.close({ code: 4000, reason: 'lost' });
          void upstream.close();
          return;
        }
        route.send(message);
      });
    });
    const w = widget(p);
    await p.goto(chat.url);
    const announcements: string[] = [];
    await p.exposeFunction('announced', (text: string) => announcements.push(text));
    await openWidget(p);
    await w.live.evaluate((live) => {
      new MutationObserver(() => (window as unknown as { announced(text: string): void }).announced(live.textContent ?? '')).observe(live, { childList: true });
    });

    await askByTyping(p, threeAnswers);
    const reply = await finishedReply(p, 0);
    expect(asked.filter((q) => q === threeAnswers)).toHaveLength(2);
    expect(await reply.locator('.answer').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-rank')))).toEqual(['1', '2', '3']);
    expect(await w.userBubbles.count()).toBe(1);

    await askByTyping(p, alwaysLost);
    const lost = await finishedReply(p, 1);
    expect(await lost.locator('.error').textContent()).toBe('Keine Antwort erhalten. Bitte noch einmal fragen.');
    expect(await lost.locator('.answer').count()).toBe(0);
    expect(asked.filter((q) => q === alwaysLost)).toHaveLength(2);

    // Asks go out in order, so once this one is answered no third "Xinhua" can still be on its way.
    await askByTyping(p, 'Wer ist He Weidong?');
    await finishedReply(p, 2);
    expect(asked.filter((q) => q === alwaysLost)).toHaveLength(2);
    expect(await w.userBubbles.count()).toBe(3);
    expect(announcements).toHaveLength(3);
  });
});
