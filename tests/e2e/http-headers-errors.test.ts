import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/corpus/load-articles.ts';
import { createLibrary } from '../../src/library.ts';
import { ErrorCode } from '../../src/protocol.ts';
import { createHttpApp, type HttpDeps } from '../../src/server/http.ts';
import { HttpError } from '../../src/server/http-errors.ts';
import { createInsightsHandler } from '../../src/server/insights-route.ts';
import { faqDir, startTestServer, testLexicon } from '../helpers/server.ts';

// What every HTTP response carries: helmet's headers, HTTPS-only ones only where true (issue 13.4),
// and errors as JSON, never express's HTML page with a stack trace.

const publicDir = fileURLToPath(new URL('../../public/', import.meta.url));

/** The headers of GET `path` with `headers` sent. */
async function headersOf(url: string, path: string, headers: Record<string, string> = {}): Promise<Headers> {
  const response = await fetch(`${url}${path}`, { headers });
  await response.arrayBuffer();
  return response.headers;
}

const hasHsts = (headers: Headers): boolean => headers.has('strict-transport-security');
const upgrades = (headers: Headers): boolean => (headers.get('content-security-policy') ?? '').includes('upgrade-insecure-requests');

async function withServer(env: Record<string, string>, body: (url: string) => Promise<void>): Promise<void> {
  const server = await startTestServer(env);
  try {
    await body(server.url);
  } finally {
    await server.close();
  }
}

/** The express app alone on port 0, with `deps` over the defaults. */
async function withApp(deps: Partial<HttpDeps>, body: (url: string) => Promise<void>): Promise<void> {
  const library = createLibrary(loadArticles(faqDir), testLexicon());
  const app = createHttpApp({ getLibrary: () => library, isReady: () => true, publicDir, ...deps });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await body(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('HTTPS-only headers', () => {
  it('are not sent over plain HTTP, whatever the Host, nor on X-Forwarded-Proto from an untrusted peer', async () => {
    await withServer({}, async (url) => {
      for (const path of ['/', '/widget.js', '/widget.css', '/api/articles']) {
        const variants: Record<string, string>[] = [{}, { host: '192.0.2.10:8080' }, { host: 'news.example', 'x-forwarded-proto': 'https' }];
        for (const headers of variants) {
          const sent = await headersOf(url, path, headers);
          expect(hasHsts(sent), `${path} ${JSON.stringify(headers)}`).toBe(false);
          expect(upgrades(sent), `${path} ${JSON.stringify(headers)}`).toBe(false);
          // The rest of helmet's strict headers stay.
          expect(sent.get('x-content-type-options')).toBe('nosniff');
        }
      }
      expect((await headersOf(url, '/')).get('content-security-policy')).toContain("default-src 'self'");
    });
  });

  it('are sent when a proxy that TRUST_PROXY names says the request came over HTTPS', async () => {
    await withServer({ TRUST_PROXY: 'loopback' }, async (url) => {
      const overTls = await headersOf(url, '/', { 'x-forwarded-proto': 'https' });
      expect(hasHsts(overTls)).toBe(true);
      expect(upgrades(overTls)).toBe(true);
      const plain = await headersOf(url, '/', { 'x-forwarded-proto': 'http' });
      expect(hasHsts(plain)).toBe(false);
      expect(upgrades(plain)).toBe(false);
    });
    // A proxy it does not name is not believed.
    await withServer({ TRUST_PROXY: '10.0.0.0/8' }, async (url) => {
      expect(hasHsts(await headersOf(url, '/', { 'x-forwarded-proto': 'https' }))).toBe(false);
    });
  });

  it('are sent on every response with HTTPS_HEADERS=always', async () => {
    await withServer({ HTTPS_HEADERS: 'always' }, async (url) => {
      for (const path of ['/', '/widget.js']) {
        const sent = await headersOf(url, path);
        expect(hasHsts(sent)).toBe(true);
        expect(upgrades(sent)).toBe(true);
      }
    });
  });

  it('leave the widget files embeddable by other sites, everything else same-origin', async () => {
    await withServer({}, async (url) => {
      expect((await headersOf(url, '/widget.js')).get('cross-origin-resource-policy')).toBe('cross-origin');
      expect((await headersOf(url, '/widget.css')).get('cross-origin-resource-policy')).toBe('cross-origin');
      expect((await headersOf(url, '/article.css')).get('cross-origin-resource-policy')).toBe('same-origin');
      expect((await headersOf(url, '/')).get('cross-origin-resource-policy')).toBe('same-origin');
    });
  });
});

describe('HTTP errors', () => {
  it('answer a throwing insights reader with 500 internal as JSON, the reference in the log, no stack trace', async () => {
    const logged: { error: unknown; reference: string }[] = [];
    const token = 'a-token-of-16-characters';
    const insights = createInsightsHandler(token, () => {
      throw new Error('the question log is on fire');
    });
    await withApp({ insights, onInternalError: (error, reference) => logged.push({ error, reference }) }, async (url) => {
      const response = await fetch(`${url}/api/insights`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const text = await response.text();
      expect(text).not.toContain('on fire');
      expect(text).not.toMatch(/\bat \S+ \(/);
      const body = JSON.parse(text) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(ErrorCode.internal);
      expect(logged).toHaveLength(1);
      expect(body.error.message).toBe(`${HttpError.internal.message} ${logged[0]!.reference}.`);
      expect((logged[0]!.error as Error).message).toBe('the question log is on fire');
    });
  });

  it('answer a path that cannot be decoded or is unknown with a JSON 4xx', async () => {
    await withServer({}, async (url) => {
      for (const path of ['/%E0%A4%A', '/no-such-page', '/articles/%']) {
        const response = await fetch(`${url}${path}`);
        expect(response.status, path).toBeGreaterThanOrEqual(400);
        expect(response.status, path).toBeLessThan(500);
        expect(response.headers.get('content-type'), path).toMatch(/^application\/json/);
        const { error } = (await response.json()) as { error: { code: string } };
        expect([HttpError.notFound.code, ErrorCode.badRequest, ErrorCode.unknownArticle]).toContain(error.code);
      }
    });
  });
});
