import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatInsights, InsightsCliMessage, InsightsExit, insightsUrl, parseInsightsArgs, runInsights } from '../../src/cli/insights.ts';

describe('faq-chat insights', () => {
  it('finds the insights endpoint from an http or a WebSocket server URL', () => {
    expect(insightsUrl('ws://127.0.0.1:8080/ws', undefined).href).toBe('http://127.0.0.1:8080/api/insights');
    expect(insightsUrl('https://faq.example.org/', 'kuba').href).toBe('https://faq.example.org/api/insights?article=kuba');
  });

  it('takes the token from --token, else from ADMIN_TOKEN', () => {
    expect(parseInsightsArgs(['--token', 'a'], { ADMIN_TOKEN: 'b' }).token).toBe('a');
    expect(parseInsightsArgs([], { ADMIN_TOKEN: 'b' }).token).toBe('b');
    expect(parseInsightsArgs([], {}).token).toBeUndefined();
  });

  it('refuses to ask without a token', async () => {
    const err = new PassThrough();
    const code = await runInsights({ url: 'http://127.0.0.1:9', token: undefined, json: false }, new PassThrough(), err);
    expect(code).toBe(InsightsExit.usage);
    expect(String(err.read())).toContain(InsightsCliMessage.noToken);
  });

  it('prints each list, saying so when one is empty', () => {
    const text = formatInsights({
      article: null,
      retentionDays: 90,
      generatedAt: '2026-01-01T00:00:00.000Z',
      questions: { total: 3, answered: 1, unanswered: 2 },
      unanswered: [{ article: 'kuba', normalized: 'wetter', question: 'Wetter?', count: 2, last: '2026-01-01T10:00:00.000Z' }],
      unhelpful: [],
      units: [{ article: 'kuba', unit: 'p-3', answers: 1 }],
    });
    expect(text).toContain('all articles: 3 question(s), 1 answered, 2 unanswered (last 90 days)');
    expect(text).toContain('2×  "Wetter?"  (kuba, last 2026-01-01 10:00)');
    expect(text).toContain('Answers marked not helpful:\n  (none)');
    expect(text).toContain('1×  kuba p-3');
  });
});
