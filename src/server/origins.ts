/**
 * Origin policy for WebSocket handshakes (cross-site WebSocket hijacking). A page of the server itself
 * (Origin host equals Host) may always connect; beyond that, with an allowlist only its origins, without
 * one localhost pages. Clients that send no Origin (programs, the CLI) are not browsers and may connect.
 */
export function createOriginPolicy(allowed: readonly string[] | undefined): (origin: string | undefined, host: string | undefined) => boolean {
  const list = allowed ? new Set(allowed.map((o) => o.replace(/\/$/, '').toLowerCase())) : undefined;
  return function isOriginAllowed(origin, host) {
    if (origin === undefined) return true;
    const normalized = origin.toLowerCase();
    if (list?.has('*') || list?.has(normalized)) return true;
    let url: URL;
    try {
      // "null" (sandboxed frames, file: pages) does not parse and is refused.
      url = new URL(normalized);
    } catch {
      return false;
    }
    if (host !== undefined && url.host === host.toLowerCase()) return true;
    if (list) return false;
    return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  };
}
