/** One answered (or abstained) question as the question log keeps it: no reader identifiers. */
export interface QuestionEntry {
  /** Milliseconds since the epoch. */
  readonly at: number;
  readonly article: string;
  readonly question: string;
  /** How many answers were sent; 0 when the article did not answer. */
  readonly count: number;
  readonly unit: string | undefined;
  readonly score: number | undefined;
  readonly micros: number;
}

/** A reader's verdict on one answer of a recorded question. */
export interface FeedbackEntry {
  readonly at: number;
  /** The id {@link QuestionRecorder.recordQuestion} returned. */
  readonly question: number;
  readonly article: string;
  readonly unit: string;
  readonly rank: number;
  readonly helpful: boolean;
}

/** Where the responder reports questions and feedback; both calls run on the answer path and must only buffer. */
export interface QuestionRecorder {
  /** Buffers a question and returns the id feedback refers to. */
  recordQuestion(entry: QuestionEntry): number;
  /** Buffers a reader's feedback. */
  recordFeedback(entry: FeedbackEntry): void;
}
