/**
 * The one base class of faq-chat's errors (as ky's KyError or Hono's HTTPException): a stable `code`
 * for programs and tests, a message for people that says what was expected and what to do, and the
 * `cause` when another error led to it. Each part of the project extends it with its own codes:
 * AnswerError (src/answer.ts), ArticleError and ImportError (src/corpus), SettingError
 * (src/server/config.ts), the CLI's UnreachableError and UsageError (src/cli).
 */
export class FaqChatError<Code extends string = string> extends Error {
  override readonly name: string = 'FaqChatError';
  /** Stable, for programs; the message is for people. */
  readonly code: Code;

  constructor(code: Code, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
