import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { StoreError, StoreErrorCode } from '../store/errors.ts';
import type { Insights } from '../store/insights.ts';

/** Error bodies of `GET /api/insights`, by HTTP status; tests compare against these. */
export const InsightsError = {
  unauthorized: { status: 401, code: 'unauthorized', message: 'Send the header Authorization: Bearer <ADMIN_TOKEN>.' },
  forbidden: { status: 403, code: 'forbidden', message: 'That token is not the ADMIN_TOKEN.' },
  // With no ADMIN_TOKEN there is nothing to show; the code lets `faq-chat insights` say how to turn it on.
  off: {
    status: 404,
    code: 'insights_off',
    message: 'Insights are off on this server: start it with ADMIN_TOKEN set (at least 16 characters) to turn them on.',
  },
  badRequest: { status: 400, code: 'bad_request', message: 'Give article at most once.' },
  notRecording: { status: 503, code: 'not_recording', message: 'Questions are not being recorded (see the server log for why).' },
  unavailable: {
    status: 503,
    code: StoreErrorCode.unavailable,
    message: 'The question log cannot be read right now (see the server log); questions are still answered, and recorded once it is back.',
  },
} as const;

type InsightsFailure = (typeof InsightsError)[keyof typeof InsightsError];

function fail(res: Response, failure: InsightsFailure): void {
  res.status(failure.status).json({ error: { code: failure.code, message: failure.message } });
}

/** Compares a presented token with the expected one in time independent of where they differ (and of their lengths). */
export function tokenMatches(presented: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The bearer token of a request, or undefined when it has none. */
function bearerToken(req: Request): string | undefined {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/**
 * `GET /api/insights?article=…`: what readers asked, for the holder of `adminToken` only
 * (401 without a token, 403 with another; 404 when no ADMIN_TOKEN is set). `read` is undefined when not
 * recording; when the database does not answer (a StoreError `store_unavailable`) the answer is 503 and
 * `onError` gets the reason; any other failure goes to the app's error handler (500).
 */
export function createInsightsHandler(
  adminToken: string | undefined,
  read: ((article: string | undefined) => Promise<Insights>) | undefined,
  onError?: (error: unknown) => void,
): RequestHandler {
  return async function serveInsights(req, res) {
    if (adminToken === undefined) return fail(res, InsightsError.off);
    const token = bearerToken(req);
    if (token === undefined) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="faq-chat insights"');
      return fail(res, InsightsError.unauthorized);
    }
    if (!tokenMatches(token, adminToken)) return fail(res, InsightsError.forbidden);
    const article = req.query.article;
    if (article !== undefined && typeof article !== 'string') return fail(res, InsightsError.badRequest);
    if (!read) return fail(res, InsightsError.notRecording);
    let insights: Insights;
    try {
      insights = await read(article === '' ? undefined : article);
    } catch (error) {
      // The database not answering is a state (503, and the log says why); anything else is a fault of
      // ours, for the app's error handler (500 internal with a reference).
      if (!(error instanceof StoreError && error.code === StoreErrorCode.unavailable)) throw error;
      onError?.(error);
      return fail(res, InsightsError.unavailable);
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json(insights);
  };
}
