import type pg from 'pg';
import { type Insights, insightsDefaults, type UnansweredGroup, type UnitAnswers, type UnitVerdicts } from './insights.ts';

// The same lists as src/store/sqlite-insights.ts, in PostgreSQL's dialect; ties are broken by name so
// every replica reading the same rows shows them in the same order.
const forArticle = '($1::text IS NULL OR article = $1)';

const totalsQuery = `SELECT count(*)::integer AS total, (count(*) FILTER (WHERE answers > 0))::integer AS answered
  FROM faqchat_questions WHERE ${forArticle}`;
// The latest wording of each group: the question of its newest row.
const unansweredQuery = `SELECT article, normalized, (array_agg(question ORDER BY at DESC, id DESC))[1] AS question,
    count(*)::integer AS count, max(at)::double precision AS last
  FROM faqchat_questions WHERE answers = 0 AND ${forArticle}
  GROUP BY article, normalized ORDER BY count DESC, last DESC, article, normalized LIMIT $2`;
const unhelpfulQuery = `SELECT article, unit, (count(*) FILTER (WHERE NOT helpful))::integer AS unhelpful,
    (count(*) FILTER (WHERE helpful))::integer AS helpful
  FROM faqchat_feedback WHERE ${forArticle}
  GROUP BY article, unit HAVING count(*) FILTER (WHERE NOT helpful) > 0 ORDER BY unhelpful DESC, helpful ASC, article, unit LIMIT $2`;
const unitsQuery = `SELECT article, top_unit AS unit, count(*)::integer AS answers
  FROM faqchat_questions WHERE answers > 0 AND ${forArticle}
  GROUP BY article, top_unit ORDER BY answers DESC, article, unit LIMIT $2`;

/** Reads the insights in one read-only snapshot, so the totals and the lists agree. */
export async function readPostgresInsights(pool: pg.Pool, article: string | undefined, now: number, retentionDays: number): Promise<Insights> {
  const key = article ?? null;
  const params = [key, insightsDefaults.maxRows];
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const totals = await client.query<{ total: number; answered: number }>(totalsQuery, [key]);
    const unanswered = await client.query<Omit<UnansweredGroup, 'last'> & { last: number }>(unansweredQuery, params);
    const unhelpful = await client.query<UnitVerdicts>(unhelpfulQuery, params);
    const units = await client.query<UnitAnswers>(unitsQuery, params);
    await client.query('COMMIT');
    client.release();
    const { total, answered } = totals.rows[0] ?? { total: 0, answered: 0 };
    return {
      article: key,
      retentionDays,
      generatedAt: new Date(now).toISOString(),
      questions: { total, answered, unanswered: total - answered },
      unanswered: unanswered.rows.map((row) => ({ ...row, last: new Date(row.last).toISOString() })),
      unhelpful: unhelpful.rows,
      units: units.rows,
    };
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}
