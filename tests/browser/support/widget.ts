import type { Locator, Page } from 'playwright-core';

/** Locators into the widget's open shadow root (Playwright's CSS selectors pierce it). */
export function widget(page: Page) {
  const host = page.locator('faq-chat');
  return {
    host,
    root: host.locator('.root'),
    launcher: host.locator('.launcher'),
    panel: host.locator('.panel'),
    close: host.locator('.close'),
    status: host.locator('.status'),
    input: host.locator('textarea'),
    starterChips: host.locator('.intro .chip'),
    userBubbles: host.locator('.msg.user'),
    replies: host.locator('.reply'),
    live: host.locator('[aria-live="polite"]'),
  };
}

/** Clicks the launcher and waits for the server's welcome. */
export async function openWidget(page: Page): Promise<void> {
  const w = widget(page);
  await w.launcher.click();
  await page.locator('faq-chat .root[data-state="online"]').waitFor({ state: 'attached' });
}

/** Types a question into the text box and sends it with Enter. */
export async function askByTyping(page: Page, question: string): Promise<void> {
  const { input } = widget(page);
  await input.fill(question);
  await input.press('Enter');
}

/** Waits until the n-th reply (0-based) has finished streaming, and returns it. */
export async function finishedReply(page: Page, index: number): Promise<Locator> {
  const reply = widget(page).replies.nth(index);
  await reply.and(page.locator('.reply:not([aria-busy])')).waitFor();
  return reply;
}

/** Describes the element focused inside the widget (class list or tag), or null when focus is elsewhere. */
export function focusedInWidget(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const host = document.activeElement;
    const inner = host?.tagName === 'FAQ-CHAT' ? host.shadowRoot?.activeElement : null;
    return inner ? inner.className || inner.tagName.toLowerCase() : null;
  });
}

/** The text of the current CSS highlight the widget sets in the host page, or null. */
export function highlightedText(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    // TypeScript's DOM types leave out the registry's Map methods.
    const registry = CSS.highlights as unknown as ReadonlyMap<string, Iterable<AbstractRange>>;
    const highlight = registry.get('faq-chat-quote');
    const range = highlight ? [...highlight][0] : undefined;
    return range instanceof Range ? range.toString() : null;
  });
}
