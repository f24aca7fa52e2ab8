import { FaqChatError } from '../errors.ts';

/** Codes of the eval's own errors. */
export const ScoringErrorCode = {
  /** A question file line that is not a question (file and line in the message). */
  badQuestionFile: 'bad_question_file',
  /** A path that is no article folder, nor a folder of them. */
  badFolder: 'bad_folder',
  /** The server refused a question for good: nothing is scored. */
  refused: 'refused',
} as const;

export type ScoringErrorCode = (typeof ScoringErrorCode)[keyof typeof ScoringErrorCode];

/** What stops an eval: a bad question file or folder, or a question the server would not answer. */
export class ScoringError extends FaqChatError<ScoringErrorCode> {
  override readonly name = 'ScoringError';
}
