/**
 * The PostgreSQL schema's versions, applied in order at start (src/store/postgres.ts) and recorded in
 * `faqchat_schema`; append, never edit. Tables are prefixed, so the database may be shared with others.
 * Times are milliseconds since the epoch, as in the SQLite log.
 */
export const postgresMigrations: readonly string[] = [
  // 1: the question log, feedback, and when retention was last applied (once per period across replicas).
  `CREATE TABLE faqchat_runs (
     id bigserial PRIMARY KEY,
     started bigint NOT NULL
   );
   CREATE TABLE faqchat_questions (
     id bigint PRIMARY KEY,
     at bigint NOT NULL,
     article text NOT NULL,
     question text NOT NULL,
     normalized text NOT NULL,
     answers integer NOT NULL,
     top_unit text,
     top_score double precision,
     micros double precision NOT NULL
   );
   CREATE INDEX faqchat_questions_at ON faqchat_questions (at);
   CREATE INDEX faqchat_questions_article ON faqchat_questions (article, answers);
   CREATE TABLE faqchat_feedback (
     question_id bigint NOT NULL,
     rank integer NOT NULL,
     article text NOT NULL,
     unit text NOT NULL,
     helpful boolean NOT NULL,
     at bigint NOT NULL,
     PRIMARY KEY (question_id, rank)
   );
   CREATE INDEX faqchat_feedback_at ON faqchat_feedback (at);
   CREATE TABLE faqchat_maintenance (
     task text PRIMARY KEY,
     last_at bigint NOT NULL
   );`,
  // 2: articles shared by replicas (src/store/postgres-articles.ts): the Markdown of an article file,
  // a version from one sequence (each change a new one), and deletions kept as tombstones.
  `CREATE SEQUENCE faqchat_article_versions;
   CREATE TABLE faqchat_articles (
     id text PRIMARY KEY,
     markdown text,
     deleted boolean NOT NULL DEFAULT false,
     version bigint NOT NULL,
     updated_at bigint NOT NULL,
     origin text NOT NULL
   );`,
];
