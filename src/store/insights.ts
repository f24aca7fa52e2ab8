/** A question the article did not answer, grouped by its normalized form. */
export interface UnansweredGroup {
  readonly article: string;
  readonly normalized: string;
  /** The latest wording a reader used. */
  readonly question: string;
  readonly count: number;
  /** ISO 8601 time of the latest ask. */
  readonly last: string;
}

/** An answer (article unit) readers marked, most often not helpful first. */
export interface UnitVerdicts {
  readonly article: string;
  readonly unit: string;
  readonly unhelpful: number;
  readonly helpful: number;
}

/** How often a unit was the top answer. */
export interface UnitAnswers {
  readonly article: string;
  readonly unit: string;
  readonly answers: number;
}

/** What readers asked and what went unanswered, over the retention period. */
export interface Insights {
  /** The article asked for, or null for all. */
  readonly article: string | null;
  readonly retentionDays: number;
  readonly generatedAt: string;
  readonly questions: { readonly total: number; readonly answered: number; readonly unanswered: number };
  readonly unanswered: readonly UnansweredGroup[];
  readonly unhelpful: readonly UnitVerdicts[];
  readonly units: readonly UnitAnswers[];
}

/** Rows per list in {@link Insights}. */
export const insightsDefaults = Object.freeze({ maxRows: 50 });
