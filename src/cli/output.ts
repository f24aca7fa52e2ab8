/**
 * Lets the command finish quietly when the reader of `stream` goes away (`faq-chat "…" | head -1`):
 * what is left to print has no reader, so it is dropped, and the exit code stays the command's own.
 * Without a listener, Node turns the pipe's EPIPE into an uncaught error with a stack trace (issue 13).
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', function outputFailed(error: NodeJS.ErrnoException) {
    if (error.code === 'EPIPE') {
      // A destroyed stream drops later writes without another error.
      stream.destroy();
      return;
    }
    throw error;
  });
}
