import type Database from 'better-sqlite3';

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

// One statement serves one article and all of them.
const forArticle = '(@article IS NULL OR article = @article)';

interface Params {
  readonly article: string | null;
  readonly limit: number;
}

/** Prepares the insight queries once; the returned function runs them. */
export function prepareInsights(db: Database.Database, retentionDays: number): (article: string | undefined, now: number) => Insights {
  const totals = db.prepare<[Params], { total: number; answered: number | null }>(
    `SELECT count(*) AS total, sum(answers > 0) AS answered FROM questions WHERE ${forArticle}`,
  );
  // SQLite takes the bare column `question` from the row holding max(at): the latest wording.
  const unanswered = db.prepare<[Params], { article: string; normalized: string; question: string; count: number; last: number }>(
    `SELECT article, normalized, question, count(*) AS count, max(at) AS last FROM questions
     WHERE answers = 0 AND ${forArticle} GROUP BY article, normalized ORDER BY count DESC, last DESC LIMIT @limit`,
  );
  const unhelpful = db.prepare<[Params], UnitVerdicts>(
    `SELECT article, unit, sum(helpful = 0) AS unhelpful, sum(helpful = 1) AS helpful FROM feedback
     WHERE ${forArticle} GROUP BY article, unit HAVING unhelpful > 0 ORDER BY unhelpful DESC, helpful ASC, article, unit LIMIT @limit`,
  );
  const units = db.prepare<[Params], UnitAnswers>(
    `SELECT article, top_unit AS unit, count(*) AS answers FROM questions
     WHERE answers > 0 AND ${forArticle} GROUP BY article, top_unit ORDER BY answers DESC, article, unit LIMIT @limit`,
  );
  return function readInsights(article, now) {
    const key = article ?? null;
    const params: Params = { article: key, limit: insightsDefaults.maxRows };
    const counts = totals.get(params) ?? { total: 0, answered: 0 };
    const answered = counts.answered ?? 0;
    return {
      article: key,
      retentionDays,
      generatedAt: new Date(now).toISOString(),
      questions: { total: counts.total, answered, unanswered: counts.total - answered },
      unanswered: unanswered.all(params).map((row) => ({ ...row, last: new Date(row.last).toISOString() })),
      unhelpful: unhelpful.all(params),
      units: units.all(params),
    };
  };
}
