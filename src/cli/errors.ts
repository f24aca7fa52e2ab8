import { FaqChatError } from '../errors.ts';

/** Codes of the CLI's own errors. */
export const CliErrorCode = { unreachable: 'unreachable', usage: 'usage' } as const;

/** Raised when the server cannot be reached: the CLI prints one line and exits 2. */
export class UnreachableError extends FaqChatError<typeof CliErrorCode.unreachable> {
  override readonly name = 'UnreachableError';
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(CliErrorCode.unreachable, message, options);
  }
}

/** Wrong arguments: the CLI prints the message and its usage, and exits 64 (EX_USAGE of sysexits.h). */
export class UsageError extends FaqChatError<typeof CliErrorCode.usage> {
  override readonly name = 'UsageError';
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(CliErrorCode.usage, message, options);
  }
}
