import { isIP } from 'node:net';

/** A peer address as compared with TRUSTED_PROXIES: an IPv4-mapped IPv6 address as its IPv4 form. */
function plain(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

/**
 * The address of the reader behind a request: the peer's own, unless the peer is one of `trustedProxies`
 * (TRUSTED_PROXIES: the load balancers in front, docs/scaling.md); then the right-most address of
 * X-Forwarded-For that no trusted proxy added. Addresses a client wrote into the header itself stand
 * left of those and are never used, so a reader cannot pose as another to the per-address limits.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trustedProxies: ReadonlySet<string>): string | undefined {
  if (peer === undefined || trustedProxies.size === 0 || !trustedProxies.has(plain(peer))) return peer;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '');
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = plain(hops[i] as string);
    // A malformed entry ends the chain: nothing left of it can be trusted either.
    if (isIP(hop) === 0) return peer;
    if (!trustedProxies.has(hop)) return hop;
  }
  return peer;
}
