import type { Browser, WebSocket as PageSocket } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Answer, answerQuestion } from '../../src/answer.ts';
import { summarize } from '../../src/respond.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../helpers/server.ts';
import { seriousAxeViolations } from './support/axe.ts';
import { browserDefaults, closeTestPages, launchBrowser, newTestPage, saveScreenshot, skipBrowser, type TestPage } from './support/browser.ts';
import { moreLabel, shownLabels } from './support/expected.ts';
import { askByTyping, finishedReply, focusedInWidget, highlightedText, openWidget, widget } from './support/widget.ts';

const confidenceHints = ['Beantwortet die Frage direkt', 'Passt wahrscheinlich', 'Passt vielleicht'];
const threeAnswers = 'Was haben Kuba und China vereinbart?';
const spyBases = 'Gibt es Spionagebasen in Kuba?';
const offTopic = 'Wie backe ich einen Apfelkuchen?';
const photoCaption = 'Wer ist Alvaro Lopez Miera?';

describe.skipIf(skipBrowser)('chat widget on the article page', () => {
  let server: RunningServer;
  let browser: Browser;
  const opened: TestPage[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });

  afterEach(async () => {
    expect(await closeTestPages(opened)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The answers the server gives, computed in-process, to compare with what the widget shows. */
  function expectedAnswers(question: string): readonly Answer[] {
    return answerQuestion(server.getLibrary(), { question, limit: 3 }).answers;
  }

  async function articlePage(options: Parameters<typeof newTestPage>[1] = {}): Promise<TestPage> {
    const test = await newTestPage(browser, options);
    opened.push(test);
    await test.page.goto(server.url);
    return test;
  }

  it('answers a typed question best first: heading, quote, confidence hint, citation; more answers one click away', async () => {
    const { page } = await articlePage();
    const w = widget(page);
    await openWidget(page);
    await askByTyping(page, threeAnswers);
    const reply = await finishedReply(page, 0);

    const expected = expectedAnswers(threeAnswers);
    expect(expected.length, 'the question must have more than one answer to show them').toBeGreaterThan(1);
    const [best, ...rest] = expected as [Answer, ...Answer[]];
    const first = reply.locator('.answer[data-rank="1"]');
    expect(await first.locator('blockquote').textContent()).toBe(best.citation.quote);
    expect(await first.locator('.heading').textContent()).toBe(shownLabels(best).heading);
    expect(confidenceHints).toContain(await first.locator('.hint').textContent());
    const cite = first.locator('a.cite');
    expect(await cite.textContent()).toBe(shownLabels(best).cite);
    expect(await cite.getAttribute('href')).toBe(`#unit-${best.citation.unit}`);
    expect(await w.userBubbles.textContent()).toBe(threeAnswers);
    expect(await w.input.inputValue()).toBe('');

    const more = reply.locator('details.more');
    expect(await more.locator('summary').textContent()).toBe(moreLabel(rest.length));
    expect(await more.locator('.answer').first().isVisible()).toBe(false);
    await saveScreenshot(page, 'desktop-answer');
    await more.locator('summary').click();
    const quotes = await more.locator('blockquote').allTextContents();
    expect(quotes).toEqual(rest.map((a) => a.citation.quote));
    expect(await reply.locator('.typing').count()).toBe(0);
  });

  it("offers the article's FAQ questions as starter chips and asks one when clicked", async () => {
    const { page } = await articlePage();
    const w = widget(page);
    await openWidget(page);
    const questions = summarize(server.getLibrary().list()[0]!).questions;
    expect(await w.starterChips.allTextContents()).toEqual(questions);

    await w.starterChips.nth(1).click();
    const reply = await finishedReply(page, 0);
    expect(await w.userBubbles.textContent()).toBe(questions[1]);
    const [best] = expectedAnswers(questions[1]!);
    expect(await reply.locator('.answer[data-rank="1"] blockquote').textContent()).toBe(best?.citation.quote);
    expect(await reply.locator('.answer[data-rank="1"] .heading').textContent()).toBe(shownLabels(best!).heading);
    expect(await focusedInWidget(page)).toBe('textarea');
  });

  it('scrolls to the cited paragraph and highlights the quoted sentence when the citation is clicked', async () => {
    const { page } = await articlePage({ reducedMotion: 'reduce' });
    await openWidget(page);
    await askByTyping(page, spyBases);
    const reply = await finishedReply(page, 0);
    const [best] = expectedAnswers(spyBases);
    const unit = page.locator(`#unit-${best?.citation.unit}`);
    expect(await unit.evaluate((p) => p.getBoundingClientRect().top)).toBeGreaterThan(800);

    await reply.locator('.answer[data-rank="1"] a.cite').click();
    expect(await highlightedText(page)).toBe(best?.citation.quote);
    const box = await unit.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(browserDefaults.desktop.height);
    expect(page.url()).toBe(`${server.url}/`);
    await saveScreenshot(page, 'desktop-citation');
  });

  it('cites a photo caption as a caption, not a paragraph, and highlights it in its figure', async () => {
    const { page } = await articlePage({ reducedMotion: 'reduce' });
    await openWidget(page);
    await askByTyping(page, photoCaption);
    const reply = await finishedReply(page, 0);
    const [best] = expectedAnswers(photoCaption);
    expect(best?.citation).toMatchObject({ kind: 'caption', unit: 'caption-1' });
    const cite = reply.locator('.answer[data-rank="1"] a.cite');
    expect(await cite.textContent()).toBe('Bildunterschrift: im Artikel zeigen');
    expect(await cite.textContent()).toBe(shownLabels(best!).cite);
    await cite.click();
    expect(await highlightedText(page)).toBe(best?.citation.quote);
    expect(await page.locator('#unit-caption-1').evaluate((e) => e.tagName)).toBe('FIGCAPTION');
    await saveScreenshot(page, 'desktop-caption');
  });

  it('says plainly when the article has no answer and offers its FAQ questions as chips', async () => {
    const { page } = await articlePage();
    const w = widget(page);
    await openWidget(page);
    await askByTyping(page, offTopic);
    const reply = await finishedReply(page, 0);
    expect(await reply.locator('.none').textContent()).toBe('Dazu steht in diesem Artikel leider nichts.');
    expect(await reply.locator('.answer').count()).toBe(0);
    const suggestions = answerQuestion(server.getLibrary(), { question: offTopic }).suggestions;
    expect(suggestions.length).toBeGreaterThan(0);
    expect(await reply.locator('.chip').allTextContents()).toEqual(suggestions);
    expect(await w.live.textContent()).toBe('Dazu steht in diesem Artikel leider nichts.');
    await saveScreenshot(page, 'desktop-no-answer');

    await reply.locator('.chip').first().click();
    const next = await finishedReply(page, 1);
    expect(await next.locator('.answer[data-rank="1"]').count()).toBe(1);
  });

  it('announces each finished answer once in a polite live region, not each frame', async () => {
    const { page } = await articlePage();
    const w = widget(page);
    await openWidget(page);
    await w.live.evaluate((live) => {
      const seen: string[] = [];
      (window as unknown as { announcements: string[] }).announcements = seen;
      new MutationObserver(() => seen.push(live.textContent ?? '')).observe(live, { childList: true, characterData: true, subtree: true });
    });
    await askByTyping(page, threeAnswers);
    await finishedReply(page, 0);
    await askByTyping(page, offTopic);
    await finishedReply(page, 1);
    const announcements = await page.evaluate(() => (window as unknown as { announcements: string[] }).announcements);
    const [best, ...rest] = expectedAnswers(threeAnswers);
    expect(announcements).toHaveLength(2);
    expect(announcements[0]).toContain(best?.citation.quote);
    expect(announcements[0]).toContain(moreLabel(rest.length));
    expect(announcements[1]).toBe('Dazu steht in diesem Artikel leider nichts.');
    expect(await w.live.getAttribute('aria-live')).toBe('polite');
  });

  it('sends helpful / not helpful for an answer and keeps the answer when the server replies with an error', async () => {
    const { page } = await articlePage();
    const sent: Record<string, unknown>[] = [];
    const socketOpened = page.waitForEvent('websocket');
    page.on('websocket', (socket: PageSocket) => socket.on('framesent', (f) => sent.push(JSON.parse(String(f.payload)) as Record<string, unknown>)));
    await openWidget(page);
    const socket = await socketOpened;
    await askByTyping(page, spyBases);
    const reply = await finishedReply(page, 0);
    const askId = sent.find((f) => f.type === 'ask')?.id;
    const up = reply.locator('.answer[data-rank="1"] .vote.up');
    const down = reply.locator('.answer[data-rank="1"] .vote.down');
    expect(await up.getAttribute('aria-label')).toBe('Hilfreich');
    expect(await down.getAttribute('aria-label')).toBe('Nicht hilfreich');

    // The server's word on it: an error frame today, an acknowledgement once it knows feedback.
    const serverReply = socket.waitForEvent('framereceived', { predicate: (f) => (JSON.parse(String(f.payload)) as { id?: unknown }).id === askId });
    await up.click();
    expect(sent.at(-1)).toEqual({ type: 'feedback', id: askId, rank: 1, helpful: true });
    expect(JSON.parse(String((await serverReply).payload))).toMatchObject({ id: askId });
    expect(await up.getAttribute('aria-pressed')).toBe('true');
    expect(await reply.locator('.error').count()).toBe(0);
    expect(await reply.locator('.answer[data-rank="1"] blockquote').isVisible()).toBe(true);

    await down.click();
    expect(sent.at(-1)).toEqual({ type: 'feedback', id: askId, rank: 1, helpful: false });
    expect(await up.getAttribute('aria-pressed')).toBe('false');
    expect(await down.getAttribute('aria-pressed')).toBe('true');
  });

  it('works with the keyboard alone: launcher, Tab order, Enter and Shift+Enter, citation, Esc', async () => {
    const { page } = await articlePage({ reducedMotion: 'reduce' });
    const w = widget(page);
    await page.keyboard.press('Tab');
    expect(await focusedInWidget(page)).toBe('launcher');
    await page.keyboard.press('Enter');
    await w.starterChips.first().waitFor();
    expect(await w.launcher.getAttribute('aria-expanded')).toBe('true');
    expect(await focusedInWidget(page)).toBe('textarea');

    await page.keyboard.type('Gibt es');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('Spionagebasen in Kuba?');
    expect(await w.input.inputValue()).toBe('Gibt es\nSpionagebasen in Kuba?');
    expect(await w.userBubbles.count()).toBe(0);
    await page.keyboard.press('Enter');
    await finishedReply(page, 0);
    expect(await w.userBubbles.textContent()).toBe('Gibt es\nSpionagebasen in Kuba?');

    // Walk backwards from the text box to the launcher: every stop is labelled and shows its focus.
    const stops: string[] = [];
    for (let i = 0; i < 20 && stops.at(-1) !== 'launcher'; i += 1) {
      await page.keyboard.press('Shift+Tab');
      const stop = await page.evaluate(() => {
        const el = document.querySelector('faq-chat')?.shadowRoot?.activeElement as HTMLElement | null;
        if (!el) return null;
        const style = getComputedStyle(el);
        const name = el.getAttribute('aria-label') ?? (el.textContent?.trim() || null);
        return {
          what: el.className || el.tagName.toLowerCase(),
          named: name !== null,
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        };
      });
      expect(stop).not.toBeNull();
      expect(stop?.named, `${stop?.what} has a name`).toBe(true);
      expect(stop?.outline, `${stop?.what} shows focus`).toBe(true);
      stops.push(stop!.what);
    }
    // Backwards: the reply's "more" summary (when there are more answers), the best answer's controls, the chips.
    const more = expectedAnswers(spyBases).length > 1 ? ['summary'] : [];
    const chips = await w.starterChips.count();
    expect(stops).toEqual([...more, 'vote down', 'vote up', 'cite', ...Array<string>(chips).fill('chip'), 'log', 'close', 'launcher']);

    for (let i = 0; i < 20 && (await focusedInWidget(page)) !== 'cite'; i += 1) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await highlightedText(page)).toBe(expectedAnswers(spyBases)[0]?.citation.quote);

    await page.keyboard.press('Escape');
    expect(await w.panel.isHidden()).toBe(true);
    expect(await focusedInWidget(page)).toBe('launcher');
    expect(await w.launcher.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Enter');
    expect(await focusedInWidget(page)).toBe('textarea');
    expect(await w.userBubbles.count()).toBe(1);
  });

  it('has no serious or critical axe violations, light on a desktop and dark at 360 px', async () => {
    for (const options of [{ colorScheme: 'light' as const }, { colorScheme: 'dark' as const, viewport: browserDefaults.phone }]) {
      const { page } = await articlePage(options);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await openWidget(page);
      await askByTyping(page, threeAnswers);
      await (await finishedReply(page, 0)).locator('summary').click();
      await askByTyping(page, offTopic);
      await finishedReply(page, 1);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, options.colorScheme === 'dark' ? 'phone-360-dark' : 'desktop-axe');
    }
  });

  it('honours prefers-reduced-motion and prefers-color-scheme', async () => {
    const looks = async (options: Parameters<typeof newTestPage>[1]) => {
      const { page } = await articlePage(options);
      await openWidget(page);
      return widget(page).panel.evaluate((panel) => {
        const style = getComputedStyle(panel);
        return { transition: style.transitionDuration, background: style.backgroundColor };
      });
    };
    const plain = await looks({ colorScheme: 'light', reducedMotion: 'no-preference' });
    const still = await looks({ colorScheme: 'dark', reducedMotion: 'reduce' });
    expect(plain.transition).not.toBe('0s');
    expect(still.transition).toBe('0s');
    expect(plain.background).toBe('rgb(255, 255, 255)');
    expect(still.background).not.toBe(plain.background);
  });

  it('fits a 360 px phone: the panel fills the screen, the text box is 16 px, a citation shows the passage', async () => {
    const { page } = await articlePage({ viewport: browserDefaults.phone, isMobile: true, hasTouch: true, reducedMotion: 'reduce' });
    const w = widget(page);
    await saveScreenshot(page, 'phone-360-closed');
    await openWidget(page);
    const panel = await w.panel.boundingBox();
    expect(panel).toEqual({ x: 0, y: 0, width: browserDefaults.phone.width, height: browserDefaults.phone.height });
    expect(await w.launcher.isHidden()).toBe(true);
    expect(await w.input.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(browserDefaults.phone.width);

    await w.starterChips.first().tap();
    const reply = await finishedReply(page, 0);
    await saveScreenshot(page, 'phone-360-answer');
    await reply.locator('.answer[data-rank="1"] .cite').tap();
    expect(await w.panel.isHidden()).toBe(true);
    const [best] = expectedAnswers((await w.starterChips.first().textContent()) ?? '');
    expect(await highlightedText(page)).toBe(best?.citation.quote);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(`unit-${best?.citation.unit}`);
    await saveScreenshot(page, 'phone-360-citation');
  });
});
