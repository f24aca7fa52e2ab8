import { WritePath } from './frames.ts';
import { RefusalReason } from './refuse.ts';

/** Why the server ended a connection itself, as counted in the metrics. */
export const DropReason = {
  /** bufferedAmount passed MAX_BUFFERED_BYTES: closed with 1008. */
  slowReader: 'slow_reader',
  /** Went on sending beyond the rate limit: closed with 1008. */
  rateLimit: 'rate_limit',
  /** Did not answer a ping within a heartbeat interval: terminated. */
  heartbeat: 'heartbeat',
  /** A frame ws refused (too big, invalid UTF-8, too many fragments, bad framing): closed by ws. */
  protocol: 'protocol',
} as const;

/** One of {@link DropReason}'s values. */
export type DropReason = (typeof DropReason)[keyof typeof DropReason];

/**
 * Plain counters the endpoint keeps on its own paths (an integer increment costs nothing);
 * the metrics read them when scraped.
 */
export interface WsStats {
  opened: number;
  open: number;
  messages: number;
  readonly refused: Record<RefusalReason, number>;
  readonly dropped: Record<DropReason, number>;
  /** Answers (and other frame batches) written, by the path they took (src/server/frames.ts). */
  readonly writes: Record<WritePath, number>;
}

/** Zeroed counters. */
export function createWsStats(): WsStats {
  const zeros = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  return {
    opened: 0,
    open: 0,
    messages: 0,
    refused: zeros(Object.values(RefusalReason)),
    dropped: zeros(Object.values(DropReason)),
    writes: zeros(Object.values(WritePath)),
  };
}
