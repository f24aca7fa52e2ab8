import type Database from 'better-sqlite3';
import { type Insights, insightsDefaults, type UnitAnswers, type UnitVerdicts } from './insights.ts';

// One statement serves one article and all of them.
const forArticle = '(@article IS NULL OR article = @article)';

interface Params {
  readonly article: string | null;
  readonly limit: number;
}

/** Prepares the insight queries once (on the SQLite writer thread); the returned function runs them. */
export function prepareInsights(db: Database.Database, retentionDays: number): (article: string | undefined, now: number) => Insights {
  const totals = db.prepare<[Params], { total: number; answered: number | null }>(
    `SELECT count(*) AS total, sum(answers > 0) AS answered FROM questions WHERE ${forArticle}`,
  );
  // SQLite takes the bare column `question` from the row holding max(at): the latest wording.
  const unanswered = db.prepare<[Params], { article: string; normalized: string; question: string; count: number; last: number }>(
    `SELECT article, normalized, question, count(*) AS count, max(at) AS last FROM questions
     WHERE answers = 0 AND ${forArticle} GROUP BY article, normalized ORDER BY count DESC, last DESC, article, normalized LIMIT @limit`,
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
