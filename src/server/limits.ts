import { isIPv6 } from 'node:net';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** Fixed parts of the limits; the tunable ones are settings (README "Settings"). */
export const limitDefaults = Object.freeze({
  /** RATE_LIMIT_QUESTIONS counts messages in windows of this length. */
  rateWindowSeconds: 10,
  /** A connection that sends this many times its allowance within one window is closed (1008). */
  closeAfterFactor: 2,
  /**
   * GET /api/ask allows this many times RATE_LIMIT_QUESTIONS per address and window: an address may
   * be many readers behind one proxy, and HTTP must not bypass the WebSocket limit wholesale.
   */
  httpAddressFactor: 10,
});

/** What the message limiter decided about one message. */
export const RateVerdict = { allowed: 'allowed', limited: 'limited', close: 'close' } as const;

/** One of {@link RateVerdict}'s values. */
export type RateVerdict = (typeof RateVerdict)[keyof typeof RateVerdict];

/** Per-connection message budget: RATE_LIMIT_QUESTIONS messages per window, then refusals, then close. */
export interface MessageLimiter {
  /** Counts one message of connection `key` and calls `decide` with the verdict (after a microtask). */
  take(key: string, decide: (verdict: RateVerdict) => void): void;
  /** Forgets a closed connection at once instead of at the end of its window. */
  forget(key: string): void;
}

/** The message limiter, or undefined when `questionsPerWindow` is 0 (no limit, no cost on the message path). */
export function createMessageLimiter(questionsPerWindow: number): MessageLimiter | undefined {
  if (questionsPerWindow === 0) return undefined;
  const limiter = new RateLimiterMemory({ points: questionsPerWindow, duration: limitDefaults.rateWindowSeconds });
  const closeAbove = questionsPerWindow * limitDefaults.closeAfterFactor;
  return {
    take(key, decide) {
      limiter.consume(key).then(
        function consumeAllowed() {
          decide(RateVerdict.allowed);
        },
        function consumeRefused(rejection: unknown) {
          // The memory store rejects only with a RateLimiterRes; anything else is a fault of the
          // limiter, and a fault of ours must not cost a reader an answer.
          if (!(rejection instanceof RateLimiterRes)) decide(RateVerdict.allowed);
          else decide(rejection.consumedPoints > closeAbove ? RateVerdict.close : RateVerdict.limited);
        },
      );
    },
    forget(key) {
      void limiter.delete(key);
    },
  };
}

/** Per-address budget of HTTP questions; `allow` resolves false once the address has used its share. */
export interface AddressLimiter {
  allow(remoteAddress: string | undefined): Promise<boolean>;
}

/** The HTTP question limiter, or undefined when `questionsPerWindow` is 0 (off). */
export function createAddressLimiter(questionsPerWindow: number): AddressLimiter | undefined {
  if (questionsPerWindow === 0) return undefined;
  const limiter = new RateLimiterMemory({ points: questionsPerWindow * limitDefaults.httpAddressFactor, duration: limitDefaults.rateWindowSeconds });
  return {
    allow(remoteAddress) {
      return limiter.consume(addressKey(remoteAddress)).then(
        () => true,
        (rejection: unknown) => !(rejection instanceof RateLimiterRes),
      );
    },
  };
}

/** Counts open connections per client address and refuses more than `maxPerAddress`. */
export interface ConnectionCounter {
  /** Counts a connection of `address` and returns true, or returns false when it has its share. */
  tryAcquire(address: string): boolean;
  /** Uncounts a connection of `address`. */
  release(address: string): void;
  /** Open connections of `address`. */
  count(address: string): number;
}

/** Creates a per-address connection counter; addresses without connections take no memory. */
export function createConnectionCounter(maxPerAddress: number): ConnectionCounter {
  const open = new Map<string, number>();
  return {
    tryAcquire(address) {
      const count = open.get(address) ?? 0;
      if (count >= maxPerAddress) return false;
      open.set(address, count + 1);
      return true;
    },
    release(address) {
      const count = open.get(address) ?? 0;
      if (count <= 1) open.delete(address);
      else open.set(address, count - 1);
    },
    count: (address) => open.get(address) ?? 0,
  };
}

/**
 * The key a peer address is counted under: IPv4 as is (also when IPv4-mapped), IPv6 by its /64
 * prefix, since one subscriber usually holds a whole /64 and could otherwise open the cap per address.
 */
export function addressKey(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(remoteAddress);
  if (mapped?.[1] !== undefined) return mapped[1];
  if (!isIPv6(remoteAddress)) return remoteAddress;
  const address = remoteAddress.split('%')[0] ?? remoteAddress;
  const [head = '', tail] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  // A dotted IPv4 tail stands for two groups.
  const tailLength = tailGroups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const zeros = tail === undefined ? [] : Array<string>(Math.max(0, 8 - headGroups.length - tailLength)).fill('0');
  const groups = [...headGroups, ...zeros, ...tailGroups].slice(0, 4);
  return `${groups.map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}
