import type { ErrorRequestHandler, Response } from 'express';
import { FaqChatError } from '../errors.ts';
import { ErrorCode } from '../protocol.ts';

/** HTTP statuses of the error codes a request can earn; any other code is a fault of ours (500). */
export const statusOf: Readonly<Record<string, number>> = Object.freeze({
  [ErrorCode.unknownArticle]: 404,
  [ErrorCode.questionTooLong]: 413,
  [ErrorCode.emptyQuestion]: 400,
  [ErrorCode.badRequest]: 400,
  [ErrorCode.rateLimited]: 429,
});

/** Errors of the HTTP API that are not about a question; tests compare against these. */
export const HttpError = {
  notFound: { code: 'not_found', message: 'No such page.' },
  /** A request express or its middleware could not read (a malformed path, a bad range, …). */
  unreadable: { code: ErrorCode.badRequest, message: 'The request could not be read.' },
  /** Followed by the reference the log carries with the stack. */
  internal: { code: ErrorCode.internal, message: 'Something went wrong; reference' },
} as const;

/** Sends `{"error":{"code","message"}}` with the code's status: the one shape of every error the HTTP API sends. */
export function sendError(res: Response, code: string, message: string): void {
  res.status(statusOf[code] ?? 500).json({ error: { code, message } });
}

/** The status an error of express or its middleware carries (http-errors: `status`), when it is the client's fault. */
function clientStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * The last handler of the app: every error becomes JSON. Our own errors keep their code; a client's
 * malformed request its 4xx; anything else is a fault, answered 500 `internal` with a reference that
 * the log carries with the stack (express's default would send an HTML page with the stack trace).
 */
export function jsonErrors(onInternalError: ((error: unknown, reference: string) => void) | undefined): ErrorRequestHandler {
  return function sendJsonError(error: unknown, _req, res, next) {
    // Part of a response is out: only closing the connection is left, which express's default does.
    if (res.headersSent) return next(error);
    if (error instanceof FaqChatError && statusOf[error.code] !== undefined) return sendError(res, error.code, error.message);
    const status = clientStatus(error);
    if (status !== undefined) {
      const { code, message } = status === 404 ? HttpError.notFound : HttpError.unreadable;
      res.status(status).json({ error: { code, message } });
      return;
    }
    const reference = crypto.randomUUID();
    onInternalError?.(error, reference);
    sendError(res, HttpError.internal.code, `${HttpError.internal.message} ${reference}.`);
  };
}
