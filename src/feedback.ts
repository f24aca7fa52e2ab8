import type { FeedbackMessage } from './protocol.ts';
import type { QuestionRecorder } from './recorder.ts';

/** What a connection remembers of one recent ask, so feedback can name it by the client's id. */
export interface AskMemory {
  /** The question log's id, 0 when questions are not recorded. */
  readonly question: number;
  readonly article: string;
  /** The unit each answer quoted, by rank - 1: all feedback needs (the answers themselves may go). */
  readonly units: readonly string[];
  /** The article of each answer, by rank - 1, when they differ (a question that named none); else `article` for all. */
  readonly articles?: readonly string[];
}

/** Per-connection state of the responder: the connection's recent asks, nothing about the reader. */
export interface Session {
  /** Remembers an ask; the oldest is forgotten beyond {@link sessionDefaults.maxAsks}. */
  remember(id: string, memory: AskMemory): void;
  recall(id: string): AskMemory | undefined;
}

/** Limits of a session. */
export const sessionDefaults = Object.freeze({
  /** Feedback can refer to this many of the connection's latest asks. */
  maxAsks: 64,
});

/** Why feedback was refused (sent as `bad_request`); tests compare against these. */
export const FeedbackErrorMessage = {
  noSession: 'Feedback is accepted over the WebSocket connection that asked the question.',
  unknownAsk: `No recent question with this id on this connection (feedback may refer to the last ${sessionDefaults.maxAsks}).`,
  noSuchRank: 'That question has no answer with this rank.',
} as const;

/** Creates the state of one connection. */
export function createSession(maxAsks: number = sessionDefaults.maxAsks): Session {
  const asks = new Map<string, AskMemory>();
  return {
    remember(id, memory) {
      // Deleting first moves a reused id to the end, so eviction stays oldest-first.
      asks.delete(id);
      asks.set(id, memory);
      if (asks.size > maxAsks) asks.delete(asks.keys().next().value as string);
    },
    recall: (id) => asks.get(id),
  };
}

/** The outcome of a feedback message: accepted, or refused with a message from {@link FeedbackErrorMessage}. */
export type FeedbackOutcome = { readonly ok: true } | { readonly ok: false; readonly message: string };

/** Checks feedback against the session's asks and hands it to the recorder (when questions are recorded). */
export function acceptFeedback(message: FeedbackMessage, session: Session | undefined, recorder: QuestionRecorder | undefined): FeedbackOutcome {
  if (!session) return { ok: false, message: FeedbackErrorMessage.noSession };
  const ask = session.recall(message.id);
  if (!ask) return { ok: false, message: FeedbackErrorMessage.unknownAsk };
  const unit = ask.units[message.rank - 1];
  if (unit === undefined) return { ok: false, message: FeedbackErrorMessage.noSuchRank };
  recorder?.recordFeedback({
    at: Date.now(),
    question: ask.question,
    article: ask.articles?.[message.rank - 1] ?? ask.article,
    unit,
    rank: message.rank,
    helpful: message.helpful,
  });
  return { ok: true };
}
