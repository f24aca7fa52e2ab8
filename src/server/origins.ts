/**
 * Origin policy for WebSocket handshakes (cross-site WebSocket hijacking): with an allowlist, only
 * its origins; without one, the server's own origin and localhost pages. Clients that send no
 * Origin (programs, the CLI) are not browsers and may connect.
 */
export function createOriginPolicy(allowed: readonly string[] | undefined): (origin: string | undefined, host: string | undefined) => boolean {
  const list = allowed ? new Set(allowed.map((o) => o.replace(/\/$/, '').toLowerCase())) : undefined;
  return function isOriginAllowed(origin, host) {
    if (origin === undefined) return true;
    const normalized = origin.toLowerCase();
    if (list) return list.has('*') || list.has(normalized);
    let url: URL;
    try {
      url = new URL(normalized);
    } catch {
      return false;
    }
    if (host !== undefined && url.host === host.toLowerCase()) return true;
    return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  };
}
