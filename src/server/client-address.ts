import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/** Decides, for each address on the way (the peer first, then X-Forwarded-For from the right), whether it is a trusted proxy. */
export type ProxyTrust = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY's value (true/false, a number of hops, or comma-separated addresses, subnets and names
 * such as `loopback`) as the same trust function express builds from its `trust proxy` setting, so the
 * WebSocket endpoint and the express app agree on who the reader is.
 */
export function compileTrust(value: boolean | number | string): ProxyTrust {
  if (value === true) return () => true;
  if (typeof value === 'number') return (_address, hop) => hop < value;
  if (value === false || value === '') return () => false;
  return proxyaddr.compile(value.split(',').map((entry) => entry.trim()));
}

/**
 * The address of the reader behind a request (what express calls `req.ip`): the peer's own, unless
 * TRUST_PROXY trusts the peer (the load balancer in front, docs/scaling.md); then the right-most address
 * in X-Forwarded-For that no trusted proxy added. Addresses a client wrote into the header itself stand
 * left of those and are not used, so a reader cannot pose as another to the per-address limits.
 */
export function readerAddress(req: IncomingMessage, trust: ProxyTrust): string | undefined {
  if (req.socket.remoteAddress === undefined) return undefined;
  return proxyaddr(req, trust);
}
