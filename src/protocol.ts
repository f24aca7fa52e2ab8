import type { Answer } from './answer.ts';
import type { UnitKind } from './corpus/types.ts';
import { isAnswerLimit, questionLimits } from './question-limits.ts';

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
  maxLimit: questionLimits.maxAnswers,
});

/** A question from a client. */
export type AskMessage = {
  readonly type: 'ask';
  readonly id: string;
  readonly question: string;
  readonly article?: string;
  readonly limit?: number;
};

/** A reader's verdict on answer `rank` of the ask `id` sent earlier on the same connection. */
export type FeedbackMessage = {
  readonly type: 'feedback';
  readonly id: string;
  readonly rank: number;
  readonly helpful: boolean;
};

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
  questionTooLong: `The question is far too long; ask in at most ${questionLimits.maxQuestionChars} characters.`,
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
  if (record.type === 'ask') {
    // A question far too long is refused as such, before any other check on it (docs/protocol.md).
    if (typeof record.question === 'string' && record.question.length > protocolDefaults.maxQuestionChars) {
      return { ok: false, id, code: ErrorCode.questionTooLong, message: ParseErrorMessage.questionTooLong };
    }
    return parseAsk(record, id);
  }
  if (record.type === 'feedback') return parseFeedback(record, id);
  return { ok: false, id, code: ErrorCode.badRequest, message: ParseErrorMessage.unknownType };
}

/** What a field must be, for the `Invalid "field": …` message. */
const expected = {
  id: `a string of 1 to ${protocolDefaults.maxIdChars} characters`,
  question: `a string of at most ${protocolDefaults.maxQuestionChars} characters`,
  article: `a string of 1 to ${protocolDefaults.maxArticleChars} characters`,
  limit: `an integer from 1 to ${protocolDefaults.maxLimit}`,
  rank: `an integer from 1 to ${protocolDefaults.maxLimit}`,
  helpful: 'true or false',
} as const;

function invalid(id: string | null, field: keyof typeof expected): ParseResult {
  return { ok: false, id, code: ErrorCode.badRequest, message: `Invalid "${field}": expected ${expected[field]}.` };
}

const isText = (value: unknown, min: number, max: number): value is string => typeof value === 'string' && value.length >= min && value.length <= max;
const isCount = isAnswerLimit;

// Fields are checked in the order of docs/protocol.md's table; the first wrong one is named. Only the
// protocol's fields are copied into the message: unknown keys (and "__proto__") never reach it.
function parseAsk(record: Record<string, unknown>, id: string | null): ParseResult {
  const { question, article, limit } = record;
  if (!isText(record.id, 1, protocolDefaults.maxIdChars)) return invalid(id, 'id');
  if (!isText(question, 0, protocolDefaults.maxQuestionChars)) return invalid(id, 'question');
  if (article !== undefined && !isText(article, 1, protocolDefaults.maxArticleChars)) return invalid(id, 'article');
  if (limit !== undefined && !isCount(limit)) return invalid(id, 'limit');
  const message: { type: 'ask'; id: string; question: string; article?: string; limit?: number } = { type: 'ask', id: record.id, question };
  if (article !== undefined) message.article = article;
  if (limit !== undefined) message.limit = limit;
  return { ok: true, message };
}

function parseFeedback(record: Record<string, unknown>, id: string | null): ParseResult {
  const { rank, helpful } = record;
  if (!isText(record.id, 1, protocolDefaults.maxIdChars)) return invalid(id, 'id');
  if (!isCount(rank)) return invalid(id, 'rank');
  if (typeof helpful !== 'boolean') return invalid(id, 'helpful');
  return { ok: true, message: { type: 'feedback', id: record.id, rank, helpful } };
}

/** What `citation.kind` may be: a body paragraph (`p-N`), a photo caption (`caption-N`) or an FAQ answer (`faq-N`). */
export const citationKinds = Object.freeze(['paragraph', 'caption', 'faq'] as const satisfies readonly UnitKind[]);

/** One of {@link citationKinds}; every unit kind of the corpus is one (checked where citations are made, src/answer.ts). */
export type CitationKind = (typeof citationKinds)[number];

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
  | {
      readonly type: 'welcome';
      readonly protocol: number;
      readonly articles: readonly ArticleSummary[];
      readonly total?: number;
      /** The article a question naming none is put to; null: such a question is answered from all articles together. */
      readonly defaultArticle: string | null;
    }
  | ({ readonly type: 'answer'; readonly id: string } & Answer)
  | { readonly type: 'done'; readonly id: string; readonly count: number; readonly suggestions?: readonly string[] }
  | { readonly type: 'ack'; readonly id: string }
  | { readonly type: 'error'; readonly id: string | null; readonly code: ErrorCode; readonly message: string };
