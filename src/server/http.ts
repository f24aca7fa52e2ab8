import express, { type Request, type RequestHandler } from 'express';
import { AnswerError, answerQuestion } from '../answer.ts';
import type { Library } from '../library.ts';
import { ErrorCode } from '../protocol.ts';
import { answerLimitRule, isAnswerLimit } from '../question-limits.ts';
import { summarizeSome } from '../respond.ts';
import { renderArticlePage } from './article-page.ts';
import { HttpError, jsonErrors, sendError } from './http-errors.ts';
import type { AddressLimiter } from './limits.ts';
import { embeddable, type HttpsHeaders, securityHeaders } from './security-headers.ts';

/** What the HTTP app needs from the rest of the server. */
export interface HttpDeps {
  getLibrary(): Library;
  /** False while starting or shutting down: /readyz answers 503. */
  isReady(): boolean;
  /** Directory of static files (the widget and the demo page's styles). */
  publicDir: string;
  onInternalError?(error: unknown, reference: string): void;
  /** `GET /api/insights` (src/server/insights-route.ts); absent: 404. */
  insights?: RequestHandler;
  /** Article files whose latest edit could not be loaded, for /readyz (the last good version serves). */
  problems?(): readonly { file: string; line: number; message: string }[];
  /**
   * The question log's state for /readyz (src/store/question-log.ts `LogHealth`): a degraded store is
   * reported there but does not make the process unready, since questions are still answered.
   */
  store?(): { readonly state: string } | undefined;
  /** Per-address limit on GET /api/ask (absent: none). */
  askLimiter?: AddressLimiter | undefined;
  /** express's `trust proxy` (TRUST_PROXY): whose X-Forwarded-Proto tells that a request came over HTTPS, and whose X-Forwarded-For names the reader (`req.ip`, the per-address limit); default none. */
  trustProxy?: boolean | number | string | undefined;
  /** HTTPS_HEADERS: HSTS and upgrade-insecure-requests on requests over TLS only (`auto`, the default) or on all. */
  httpsHeaders?: HttpsHeaders | undefined;
}

/** Reads a query parameter that must be a single string when present. */
function single(req: Request, name: string): string | undefined | null {
  const value = req.query[name];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : null;
}

/** The express app: demo page, widget assets, JSON API and health probes. */
export function createHttpApp(deps: HttpDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', deps.trustProxy ?? false);
  // helmet's strict headers on everything; the widget's assets may be embedded by other sites' pages.
  app.use(securityHeaders(deps.httpsHeaders ?? 'auto'));
  app.use(['/widget.js', '/widget.css'], embeddable);

  app.get('/', function serveDemoPage(_req, res) {
    const library = deps.getLibrary();
    const index = library.get(library.defaultArticle ?? library.articles()[0]?.id ?? '');
    if (!index) {
      res.status(503).type('text').send('No article is loaded.');
      return;
    }
    res.type('html').send(renderArticlePage(index, '/widget.js'));
  });

  app.get('/articles/:id', function serveArticlePage(req, res) {
    const index = deps.getLibrary().get(req.params.id);
    if (!index) {
      sendError(res, ErrorCode.unknownArticle, `No article "${req.params.id}" here.`);
      return;
    }
    res.type('html').send(renderArticlePage(index, '/widget.js'));
  });

  app.get('/api/articles', function listArticles(_req, res) {
    res.json({ articles: summarizeSome(deps.getLibrary().articles()) });
  });

  app.get('/api/ask', async function ask(req, res) {
    if (deps.askLimiter && !(await deps.askLimiter.allow(req.ip))) {
      sendError(res, ErrorCode.rateLimited, 'Too many questions from this address; please wait a few seconds.');
      return;
    }
    const question = single(req, 'q');
    const article = single(req, 'article');
    const limitText = single(req, 'limit');
    if (question === null || article === null || limitText === null) {
      sendError(res, ErrorCode.badRequest, 'Give each of q, article and limit at most once.');
      return;
    }
    if (question === undefined) {
      sendError(res, ErrorCode.emptyQuestion, 'Ask with ?q=<your question>.');
      return;
    }
    const limit = limitText === undefined ? undefined : Number(limitText);
    if (limit !== undefined && !isAnswerLimit(limit)) {
      sendError(res, ErrorCode.badRequest, `limit must be ${answerLimitRule}.`);
      return;
    }
    try {
      const result = answerQuestion(deps.getLibrary(), { question, article, limit });
      res.json({ answers: result.answers, suggestions: result.suggestions });
    } catch (error) {
      // Anything else is a fault: the error handler below answers it with a reference.
      if (!(error instanceof AnswerError)) throw error;
      sendError(res, error.code, error.message);
    }
  });

  app.get('/healthz', function alive(_req, res) {
    // pid: which process answered (several share a port with WORKERS > 1).
    res.json({ status: 'ok', pid: process.pid });
  });

  app.get('/readyz', function ready(_req, res) {
    const articles = deps.getLibrary().articles().length;
    const ready = deps.isReady() && articles > 0;
    const problems = deps.problems?.().map(({ file, line, message }) => ({ file, line, message })) ?? [];
    const store = deps.store?.();
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ready' : 'not ready',
      articles,
      ...(problems.length > 0 ? { problems } : {}),
      ...(store ? { store } : {}),
    });
  });

  if (deps.insights) app.get('/api/insights', deps.insights);

  app.use(express.static(deps.publicDir, { index: false, maxAge: '5m' }));

  app.use(function notFound(_req, res) {
    res.status(404).json({ error: HttpError.notFound });
  });
  app.use(jsonErrors(deps.onInternalError));
  return app;
}
