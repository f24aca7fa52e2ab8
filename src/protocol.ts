import { z } from 'zod';
import type { Answer } from './answer.ts';

/** The protocol version this server speaks (docs/protocol.md). */
export const protocolVersion = 1;

/** Error codes of `error` frames: stable, for programs; the message is for people. */
export const ErrorCode = {
  badJson: 'bad_json',
  badRequest: 'bad_request',
  unknownArticle: 'unknown_article',
  questionTooLong: 'question_too_long',
  emptyQuestion: 'empty_question',
  rateLimited: 'rate_limited',
  internal: 'internal',
} as const;

/** One of {@link ErrorCode}'s values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const protocolDefaults = Object.freeze({
  maxIdChars: 128,
  /** Generous: the answer layer refuses long questions with its own code, after this cheap bound. */
  maxQuestionChars: 8192,
  maxArticleChars: 200,
  maxLimit: 10,
});

const askSchema = z.object({
  type: z.literal('ask'),
  id: z.string().min(1).max(protocolDefaults.maxIdChars),
  question: z.string().max(protocolDefaults.maxQuestionChars),
  article: z.string().min(1).max(protocolDefaults.maxArticleChars).optional(),
  limit: z.number().int().min(1).max(protocolDefaults.maxLimit).optional(),
});

const feedbackSchema = z.object({
  type: z.literal('feedback'),
  id: z.string().min(1).max(protocolDefaults.maxIdChars),
  rank: z.number().int().min(1).max(protocolDefaults.maxLimit),
  helpful: z.boolean(),
});

/** A question from a client. */
export type AskMessage = z.infer<typeof askSchema>;

/** A reader's verdict on answer `rank` of the ask `id` sent earlier on the same connection. */
export type FeedbackMessage = z.infer<typeof feedbackSchema>;

/** Any message a client may send. */
export type ClientMessage = AskMessage | FeedbackMessage;

/** The result of parsing a client frame: a message, or an error to send back (with the id when one could be read). */
export type ParseResult =
  | { readonly ok: true; readonly message: ClientMessage }
  | { readonly ok: false; readonly id: string | null; readonly code: ErrorCode; readonly message: string };

/** Human-readable texts of parse errors, kept in one place so tests can compare them. */
export const ParseErrorMessage = {
  badJson: 'The message is not valid JSON.',
  notObject: 'The message must be a JSON object with a "type" field.',
  unknownType: 'Unknown message type; expected "ask" or "feedback".',
  questionTooLong: 'The question is far too long; ask in at most 500 characters.',
} as const;

/**
 * Parses one text frame into a client message. Never throws: any input gives a message or an error.
 * Only the fields of the protocol are read; unknown fields (and "__proto__" keys) are ignored.
 */
export function parseClientMessage(raw: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, id: null, code: ErrorCode.badJson, message: ParseErrorMessage.badJson };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, id: null, code: ErrorCode.badRequest, message: ParseErrorMessage.notObject };
  }
  const record = value as Record<string, unknown>;
  const id = typeof record.id === 'string' && record.id.length <= protocolDefaults.maxIdChars ? record.id : null;
  const schema = record.type === 'ask' ? askSchema : record.type === 'feedback' ? feedbackSchema : undefined;
  if (!schema) return { ok: false, id, code: ErrorCode.badRequest, message: ParseErrorMessage.unknownType };
  // A question far too long is refused as such, before any schema work on it (docs/protocol.md).
  if (schema === askSchema && typeof record.question === 'string' && record.question.length > protocolDefaults.maxQuestionChars) {
    return { ok: false, id, code: ErrorCode.questionTooLong, message: ParseErrorMessage.questionTooLong };
  }
  const parsed = schema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'message';
    return { ok: false, id, code: ErrorCode.badRequest, message: `Invalid "${field}": ${issue?.message ?? 'invalid value'}.` };
  }
  return { ok: true, message: parsed.data };
}

/** Summary of an article in the welcome frame. */
export interface ArticleSummary {
  readonly id: string;
  readonly title: string;
  readonly language: string;
  readonly url?: string;
  readonly questions: readonly string[];
}

/** Frames the server sends. */
export type ServerMessage =
  | { readonly type: 'welcome'; readonly protocol: number; readonly articles: readonly ArticleSummary[]; readonly total?: number }
  | ({ readonly type: 'answer'; readonly id: string } & Answer)
  | { readonly type: 'done'; readonly id: string; readonly count: number; readonly suggestions?: readonly string[] }
  | { readonly type: 'ack'; readonly id: string }
  | { readonly type: 'error'; readonly id: string | null; readonly code: ErrorCode; readonly message: string };
