import { describe, expect, it } from 'vitest';
import { loadArticles } from '../../src/corpus/load-articles.ts';
import { createSession, FeedbackErrorMessage, sessionDefaults } from '../../src/feedback.ts';
import { createLibrary } from '../../src/library.ts';
import { ErrorCode, parseClientMessage } from '../../src/protocol.ts';
import type { FeedbackEntry, QuestionEntry, QuestionRecorder } from '../../src/recorder.ts';
import { createResponder } from '../../src/respond.ts';
import { faqDir, testLexicon } from '../helpers/server.ts';

const library = createLibrary(loadArticles(faqDir), testLexicon());

/** A recorder that keeps what it is given. */
function memoryRecorder(): QuestionRecorder & { questions: QuestionEntry[]; feedback: FeedbackEntry[] } {
  const questions: QuestionEntry[] = [];
  const feedback: FeedbackEntry[] = [];
  return {
    questions,
    feedback,
    recordQuestion(entry) {
      questions.push(entry);
      return 1000 + questions.length;
    },
    recordFeedback: (entry) => feedback.push(entry),
  };
}

const frames = (raw: readonly string[]): Record<string, unknown>[] => raw.map((f) => JSON.parse(f) as Record<string, unknown>);
const feedback = (id: string, rank: number, helpful: boolean): string => JSON.stringify({ type: 'feedback', id, rank, helpful });

describe('feedback message', () => {
  it('parses a well-formed feedback message and refuses a malformed one with bad_request', () => {
    expect(parseClientMessage(feedback('q1', 2, false))).toEqual({ ok: true, message: { type: 'feedback', id: 'q1', rank: 2, helpful: false } });
    for (const bad of [
      { id: 'q1', rank: 0, helpful: true },
      { id: 'q1', rank: 1, helpful: 'yes' },
      { id: 'q1', helpful: true },
      { rank: 1, helpful: true },
    ]) {
      const parsed = parseClientMessage(JSON.stringify({ type: 'feedback', ...bad }));
      expect(parsed).toMatchObject({ ok: false, code: ErrorCode.badRequest });
    }
  });

  it('records each question and acknowledges feedback on one of its answers', () => {
    const recorder = memoryRecorder();
    const responder = createResponder(() => library, {}, recorder);
    const session = createSession();
    const answers = frames(responder.respond(JSON.stringify({ type: 'ask', id: 'q1', question: 'Gibt es Spionagebasen in Kuba?', limit: 2 }), session));
    expect(recorder.questions).toHaveLength(1);
    expect(recorder.questions[0]).toMatchObject({ article: 'kuba-china-militaer', question: 'Gibt es Spionagebasen in Kuba?', count: 2 });
    expect(recorder.questions[0]?.unit).toBe((answers[0]!.citation as { unit: string }).unit);
    expect(frames(responder.respond(feedback('q1', 2, false), session))).toEqual([{ type: 'ack', id: 'q1' }]);
    expect(recorder.feedback).toEqual([
      expect.objectContaining({
        question: 1001,
        article: 'kuba-china-militaer',
        unit: (answers[1]!.citation as { unit: string }).unit,
        rank: 2,
        helpful: false,
      }),
    ]);
  });

  it('records a question the article does not answer, with no unit', () => {
    const recorder = memoryRecorder();
    createResponder(() => library, {}, recorder).respond(JSON.stringify({ type: 'ask', id: 'w', question: 'Wie backe ich einen Apfelkuchen?' }));
    expect(recorder.questions[0]).toMatchObject({ count: 0, unit: undefined, score: undefined });
  });

  it('answers feedback on an unknown ask, a missing rank or without a session with bad_request', () => {
    const recorder = memoryRecorder();
    const responder = createResponder(() => library, {}, recorder);
    const session = createSession();
    responder.respond(JSON.stringify({ type: 'ask', id: 'q1', question: 'Xinhua', limit: 1 }), session);
    const cases: [string, ReturnType<typeof createSession> | undefined, string][] = [
      [feedback('nope', 1, true), session, FeedbackErrorMessage.unknownAsk],
      [feedback('q1', 2, true), session, FeedbackErrorMessage.noSuchRank],
      [feedback('q1', 1, true), undefined, FeedbackErrorMessage.noSession],
      [feedback('q1', 1, true), createSession(), FeedbackErrorMessage.unknownAsk],
    ];
    for (const [raw, s, message] of cases) {
      expect(frames(responder.respond(raw, s))).toEqual([{ type: 'error', id: JSON.parse(raw).id, code: ErrorCode.badRequest, message }]);
    }
    expect(recorder.feedback).toEqual([]);
  });

  it('acknowledges feedback when questions are not recorded', () => {
    const responder = createResponder(() => library);
    const session = createSession();
    responder.respond(JSON.stringify({ type: 'ask', id: 'q1', question: 'Xinhua', limit: 1 }), session);
    expect(frames(responder.respond(feedback('q1', 1, true), session))).toEqual([{ type: 'ack', id: 'q1' }]);
  });

  it('remembers only the latest asks of a connection', () => {
    const session = createSession();
    const memory = { question: 1, article: 'a', units: [] };
    for (let i = 0; i <= sessionDefaults.maxAsks; i += 1) session.remember(`q${i}`, memory);
    expect(session.recall('q0')).toBeUndefined();
    expect(session.recall('q1')).toBe(memory);
    session.remember('q1', memory);
    session.remember('new', memory);
    expect(session.recall('q1')).toBe(memory);
    expect(session.recall('q2')).toBeUndefined();
  });
});
