import type { Request, RequestHandler } from 'express';
import helmet from 'helmet';

/** When the HTTPS-only headers go out (HTTPS_HEADERS): on requests that came over TLS, or on every response. */
export type HttpsHeaders = 'auto' | 'always';

/** Whether `req` reached us over TLS: directly, or by a proxy that TRUST_PROXY names (X-Forwarded-Proto). */
function cameOverTls(req: Request): boolean {
  // express: req.secure reads X-Forwarded-Proto only from the proxies its 'trust proxy' setting trusts.
  return req.secure;
}

/**
 * helmet's headers on every response. Its HTTPS-only ones, Strict-Transport-Security and the CSP's
 * upgrade-insecure-requests, only where they are true: over plain HTTP they make a browser ask for
 * https://…/widget.js from a server that has no TLS, and the demo page loses its widget and styles
 * when opened by address (issue 13). `always` is for a site served over HTTPS only, behind a proxy
 * that does not say so.
 */
export function securityHeaders(httpsHeaders: HttpsHeaders): RequestHandler {
  const overTls = helmet();
  const overPlainHttp = helmet({
    strictTransportSecurity: false,
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  return function sendSecurityHeaders(req, res, next) {
    (httpsHeaders === 'always' || cameOverTls(req) ? overTls : overPlainHttp)(req, res, next);
  };
}

/** The widget's two files are embedded by other sites' pages: they may be loaded cross-origin. */
export const embeddable: RequestHandler = function allowCrossOriginEmbedding(_req, res, next) {
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  next();
};
