import { FaqChatError } from '../errors.ts';

/** Codes of the question log's own errors (a database's errors pass through with the database's codes). */
export const StoreErrorCode = {
  /** The SQLite writer thread stopped: this process can record nothing more. */
  writerGone: 'store_writer_gone',
  /** The log was closed (the process is stopping). */
  closed: 'store_closed',
  /** The connection listening for article announcements ended; it is opened again. */
  listenLost: 'store_listen_lost',
  /** The database did not answer a read (insights): down, slow, or refusing. */
  unavailable: 'store_unavailable',
} as const;

/** One of {@link StoreErrorCode}'s values. */
export type StoreErrorCode = (typeof StoreErrorCode)[keyof typeof StoreErrorCode];

/** An error of the question log itself, with a stable code. */
export class StoreError extends FaqChatError<StoreErrorCode> {
  override readonly name = 'StoreError';
}
