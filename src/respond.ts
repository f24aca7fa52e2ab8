import { randomUUID } from 'node:crypto';
import { type Answer, AnswerError, answerQuestion, type Citation } from './answer.ts';
import { ArticleError } from './corpus/errors.ts';
import type { Article } from './corpus/types.ts';
import { acceptFeedback, type Session } from './feedback.ts';
import type { Library } from './library.ts';
import { type ArticleSummary, ErrorCode, parseClientMessage, protocolVersion, type ServerMessage } from './protocol.ts';
import type { QuestionRecorder } from './recorder.ts';

/** What the transport needs from the core: frames in, frames out, nothing about sockets. */
export interface Responder {
  /** The welcome frame for a new connection. */
  welcome(): string;
  /**
   * Answers one client text frame with the frames to send, in order. Never throws.
   * `session` is the connection's state (feedback refers to its asks); without one, feedback is refused.
   */
  respond(raw: string, session?: Session): string[];
  /**
   * The same frames, answer frames in parts whose long part is encoded once ({@link AnswerFrame}): for
   * a transport that writes bytes (src/server/frames.ts). Never throws.
   */
  respondFrames(raw: string, session?: Session): OutFrame[];
}

/**
 * An answer frame as `head` + the body's text + `}`. The body (the unit's text and the citation, a
 * kilobyte or so) is serialized and UTF-8 encoded once per unit and quote; only `head` is per question.
 */
export interface AnswerFrame {
  /** `{"type":"answer","id":…,"rank":…,"score":…,` */
  readonly head: string;
  readonly body: EncodedBody;
}

/** The JSON members `"text":…,"citation":{…}` of an answer frame, as text and as UTF-8. */
export interface EncodedBody {
  readonly text: string;
  readonly bytes: Buffer;
}

/** A frame to send: its JSON text, or an answer frame in parts. */
export type OutFrame = string | AnswerFrame;

/** The JSON text of a frame. */
export function frameText(frame: OutFrame): string {
  return typeof frame === 'string' ? frame : `${frame.head}${frame.body.text}}`;
}

/** Callbacks for what a responder observes (logs, metrics, the question log). */
export interface ResponderHooks {
  /** An unexpected exception; `reference` is in the `internal` error frame too. */
  onInternalError?(error: unknown, reference: string): void;
  /** One answered (or abstained) question. */
  onAnswered?(event: { article: string; question: string; count: number; top: { unit: string; score: number } | undefined; micros: number }): void;
  /** One error frame sent. */
  onError?(code: ErrorCode): void;
}

/** Human-readable text of the internal error; the reference lets operators find the log line. */
export const internalErrorMessage = 'Something went wrong while answering; please try again. Reference:';

/** The summary of an article (or of an index's article) announced in the welcome frame. */
export function summarize(of: { readonly article: Article }): ArticleSummary {
  const { id, title, language, url, units } = of.article;
  return { id, title, language, ...(url ? { url } : {}), questions: units.filter((u) => u.kind === 'faq').map((u) => u.heading) };
}

export const respondDefaults = Object.freeze({
  /** Articles listed in a welcome frame at most (the default first); GET /api/articles lists all. */
  welcomeArticles: 100,
  /** Units whose serialized answers are kept for reuse; past this the memory starts afresh. */
  rememberedUnits: 20_000,
});

/** Summaries of up to `max` articles, leaving out those whose body turned out malformed (library problems). */
export function summarizeSome(articles: readonly Article[], max = Number.POSITIVE_INFINITY): ArticleSummary[] {
  const summaries: ArticleSummary[] = [];
  for (const article of articles) {
    if (summaries.length >= max) break;
    try {
      summaries.push(summarize({ article }));
    } catch (error) {
      if (!(error instanceof ArticleError)) throw error;
    }
  }
  return summaries;
}

/**
 * The welcome frame: the default article first, at most {@link respondDefaults.welcomeArticles}, `total` when cut;
 * `defaultArticle` says which article answers a question that names none (null: all of them together).
 */
function welcomeFrame(library: Library): string {
  const all = library.articles();
  const first = all.find((a) => a.id === library.defaultArticle);
  const ordered = first ? [first, ...all.filter((a) => a !== first)] : all;
  const articles = summarizeSome(ordered, respondDefaults.welcomeArticles);
  const frame: ServerMessage = {
    type: 'welcome',
    protocol: protocolVersion,
    articles,
    ...(all.length > articles.length ? { total: all.length } : {}),
    defaultArticle: library.defaultArticle ?? null,
  };
  return JSON.stringify(frame);
}

/** A serialized answer body and the citation it was made from. */
interface SerializedBody {
  readonly citation: Citation;
  readonly body: EncodedBody;
}

/** Quote offsets are below this (units are paragraphs): start * quoteOffsets + end is one number per quote. */
const quoteOffsets = 2 ** 24;

/** Whether two citations of the same unit text and quote serialize alike. */
function sameCitation(a: Citation, b: Citation): boolean {
  return a.article === b.article && a.unit === b.unit && a.title === b.title && a.heading === b.heading && a.kind === b.kind && a.url === b.url;
}

/**
 * Creates the protocol v1 responder over the library `getLibrary` returns at each call (it may be reloaded);
 * with a `recorder`, each answered question and each feedback goes to the question log.
 */
export function createResponder(getLibrary: () => Library, hooks: ResponderHooks = {}, recorder?: QuestionRecorder): Responder {
  const error = (id: string | null, code: ErrorCode, message: string): string => {
    hooks.onError?.(code);
    return JSON.stringify({ type: 'error', id, code, message } satisfies ServerMessage);
  };
  // One welcome text per library version: connections are many, library changes are few.
  const welcomes = new WeakMap<Library, string>();
  // An answer's text and citation depend only on the unit and the quoted sentence: serialize each
  // once (a kilobyte of JSON) and reuse it in every frame that quotes it. Keyed by the unit's text,
  // which a reloaded article's new version does not share unless it is unchanged, then by the quote's
  // offsets; the citation's other fields are compared, so a renamed title or heading is not reused.
  const bodies = new Map<string, Map<number, SerializedBody>>();
  const bodyOf = (answer: Answer): EncodedBody => {
    const { citation } = answer;
    let byQuote = bodies.get(answer.text);
    if (!byQuote) {
      if (bodies.size >= respondDefaults.rememberedUnits) bodies.clear();
      byQuote = new Map();
      bodies.set(answer.text, byQuote);
    }
    const key = citation.start * quoteOffsets + citation.end;
    const known = byQuote.get(key);
    if (known !== undefined && sameCitation(known.citation, citation)) return known.body;
    const text = JSON.stringify({ text: answer.text, citation }).slice(1, -1);
    const body = { text, bytes: Buffer.from(text, 'utf8') };
    byQuote.set(key, { citation, body });
    return body;
  };
  const responder: Responder = {
    welcome() {
      const library = getLibrary();
      let text = welcomes.get(library);
      if (text === undefined) {
        text = welcomeFrame(library);
        welcomes.set(library, text);
      }
      return text;
    },
    respondFrames(raw, session) {
      const parsed = parseClientMessage(raw);
      if (!parsed.ok) return [error(parsed.id, parsed.code, parsed.message)];
      const ask = parsed.message;
      if (ask.type === 'feedback') {
        const outcome = acceptFeedback(ask, session, recorder);
        return [outcome.ok ? JSON.stringify({ type: 'ack', id: ask.id } satisfies ServerMessage) : error(ask.id, ErrorCode.badRequest, outcome.message)];
      }
      const started = performance.now();
      try {
        const result = answerQuestion(getLibrary(), ask);
        const { answers } = result;
        const count = answers.length;
        const id = JSON.stringify(ask.id);
        const frames: OutFrame[] = [];
        const units: string[] = [];
        let articles: string[] | undefined;
        for (const answer of answers) {
          frames.push({ head: `{"type":"answer","id":${id},"rank":${answer.rank},"score":${answer.score},`, body: bodyOf(answer) });
          units.push(answer.citation.unit);
          // Answers from several articles (a question that named none): feedback names each one's article.
          if (answer.citation.article !== result.article) articles ??= answers.map((a) => a.citation.article);
        }
        frames.push(
          count === 0
            ? `{"type":"done","id":${id},"count":0,"suggestions":${JSON.stringify(result.suggestions)}}`
            : `{"type":"done","id":${id},"count":${count}}`,
        );
        const top = answers[0];
        const micros = (performance.now() - started) * 1000;
        hooks.onAnswered?.({ article: result.article, question: ask.question, count, top: top && { unit: top.citation.unit, score: top.score }, micros });
        // Recording only buffers (src/store writes batches on a thread of its own); the session keeps
        // the units only, so the answers die young (a connection remembers 64 asks).
        const question = recorder
          ? recorder.recordQuestion({
              at: Date.now(),
              article: result.article,
              question: ask.question,
              count,
              unit: top?.citation.unit,
              score: top?.score,
              micros,
            })
          : 0;
        session?.remember(ask.id, { question, article: result.article, units, ...(articles ? { articles } : {}) });
        return frames;
      } catch (caught) {
        if (caught instanceof AnswerError) return [error(ask.id, caught.code, caught.message)];
        const reference = randomUUID();
        hooks.onInternalError?.(caught, reference);
        return [error(ask.id, ErrorCode.internal, `${internalErrorMessage} ${reference}`)];
      }
    },
    respond(raw, session) {
      return responder.respondFrames(raw, session).map(frameText);
    },
  };
  return responder;
}
