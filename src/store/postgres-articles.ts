import type pg from 'pg';
import { StoreError, StoreErrorCode } from './errors.ts';
import type { Postgres } from './postgres.ts';

/** The channel every replica LISTENs on; a notification's payload is the id of the article that changed. */
export const articleChannel = 'faqchat_articles';

/** Timing of the article listener. */
export const articleListenDefaults = Object.freeze({
  /** A lost listening connection is tried again after this, doubling up to maxRetryMs. */
  firstRetryMs: 250,
  maxRetryMs: 5000,
  /** The listening connection is checked this often: a connection that died silently would hear nothing. */
  heartbeatMs: 15_000,
});

/** An article as the database shares it: its Markdown (null once deleted) and its version (each change a higher one). */
export interface SharedArticleRow {
  readonly id: string;
  readonly markdown: string | null;
  readonly version: number;
}

/** Articles kept in PostgreSQL (table faqchat_articles), every change announced with NOTIFY. */
export interface SharedArticles {
  /** Stores an article's Markdown as its newest version and tells every replica; undefined when the database has exactly this already. */
  publish(id: string, markdown: string, origin: string, now: number): Promise<number | undefined>;
  /** Marks an article deleted and tells every replica; undefined when it was not there. */
  remove(id: string, origin: string, now: number): Promise<number | undefined>;
  /** Stores the articles the database has no row for (never replacing one, deleted or not); returns the ids added. */
  addMissing(articles: readonly { id: string; markdown: string }[], origin: string, now: number): Promise<string[]>;
  /** The rows of these ids, or of every article. */
  read(ids?: readonly string[]): Promise<SharedArticleRow[]>;
  /**
   * LISTENs on a connection of its own: `onChanged(id)` for each announcement, `onConnected()` each time
   * listening (re)starts, after which the caller reads everything (announcements made meanwhile are lost).
   */
  listen(handlers: ArticleListenHandlers): ArticleListener;
}

/** What {@link SharedArticles.listen} reports. */
export interface ArticleListenHandlers {
  onChanged(id: string): void;
  onConnected(): void;
  /** Listening failed or the connection was lost; it is tried again by itself. */
  onError(error: unknown): void;
}

/** A running listener. */
export interface ArticleListener {
  close(): Promise<void>;
}

const publishStatement = `WITH changed AS (
    INSERT INTO faqchat_articles (id, markdown, deleted, version, updated_at, origin)
    VALUES ($1, $2, false, nextval('faqchat_article_versions'), $3, $4)
    ON CONFLICT (id) DO UPDATE SET markdown = excluded.markdown, deleted = false, version = excluded.version,
      updated_at = excluded.updated_at, origin = excluded.origin
    WHERE faqchat_articles.deleted OR faqchat_articles.markdown IS DISTINCT FROM excluded.markdown
    RETURNING id, version)
  SELECT version::double precision AS version, pg_notify('${articleChannel}', id) FROM changed`;

const removeStatement = `WITH changed AS (
    UPDATE faqchat_articles SET deleted = true, markdown = NULL, version = nextval('faqchat_article_versions'), updated_at = $2, origin = $3
    WHERE id = $1 AND NOT deleted RETURNING id, version)
  SELECT version::double precision AS version, pg_notify('${articleChannel}', id) FROM changed`;

const addMissingStatement = `WITH added AS (
    INSERT INTO faqchat_articles (id, markdown, deleted, version, updated_at, origin)
    SELECT id, markdown, false, nextval('faqchat_article_versions'), $3, $4 FROM unnest($1::text[], $2::text[]) AS t (id, markdown)
    ON CONFLICT (id) DO NOTHING RETURNING id)
  SELECT id, pg_notify('${articleChannel}', id) FROM added`;

const readColumns = 'SELECT id, CASE WHEN deleted THEN NULL ELSE markdown END AS markdown, version::double precision AS version FROM faqchat_articles';

/** The shared articles on `db` (its schema is set up before the first statement). */
export function sharedArticles(db: Postgres): SharedArticles {
  const query = async <T extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<T[]> => {
    await db.ready();
    return (await db.pool.query<T>(sql, params)).rows;
  };
  return {
    async publish(id, markdown, origin, now) {
      return (await query<{ version: number }>(publishStatement, [id, markdown, now, origin]))[0]?.version;
    },
    async remove(id, origin, now) {
      return (await query<{ version: number }>(removeStatement, [id, now, origin]))[0]?.version;
    },
    async addMissing(articles, origin, now) {
      if (articles.length === 0) return [];
      const rows = await query<{ id: string }>(addMissingStatement, [articles.map((a) => a.id), articles.map((a) => a.markdown), now, origin]);
      return rows.map((row) => row.id);
    },
    read(ids) {
      return ids === undefined ? query<SharedArticleRow>(readColumns, []) : query<SharedArticleRow>(`${readColumns} WHERE id = ANY($1::text[])`, [ids]);
    },
    listen: (handlers) => listenForArticles(db, handlers),
  };
}

function listenForArticles(db: Postgres, handlers: ArticleListenHandlers): ArticleListener {
  let client: pg.Client | undefined;
  let closed = false;
  let retryMs: number = articleListenDefaults.firstRetryMs;
  let retryTimer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;

  const lost = (current: pg.Client, error: unknown): void => {
    if (client !== current) return;
    client = undefined;
    clearInterval(heartbeat);
    current.removeAllListeners('notification');
    // Ends the connection if it is still half open; its own errors no longer matter.
    current.on('error', () => undefined);
    current.end().catch(() => undefined);
    if (closed) return;
    handlers.onError(error);
    retryTimer = setTimeout(start, retryMs);
    retryTimer.unref();
    retryMs = Math.min(articleListenDefaults.maxRetryMs, retryMs * 2);
  };

  async function start(): Promise<void> {
    retryTimer = undefined;
    if (closed) return;
    const current = db.dedicatedClient();
    client = current;
    current.on('error', (error) => lost(current, error));
    current.on('end', () => lost(current, new StoreError(StoreErrorCode.listenLost, 'the connection listening for article changes ended')));
    current.on('notification', function articleAnnounced(message) {
      if (message.channel === articleChannel && message.payload !== undefined) handlers.onChanged(message.payload);
    });
    try {
      await db.ready();
      await current.connect();
      await current.query(`LISTEN ${articleChannel}`);
    } catch (error) {
      lost(current, error);
      return;
    }
    if (client !== current) return;
    retryMs = articleListenDefaults.firstRetryMs;
    heartbeat = setInterval(function checkListening() {
      current.query('SELECT 1').catch((error: unknown) => lost(current, error));
    }, articleListenDefaults.heartbeatMs);
    heartbeat.unref();
    handlers.onConnected();
  }

  void start();
  return {
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      clearInterval(heartbeat);
      const current = client;
      client = undefined;
      if (current) {
        current.removeAllListeners('end');
        current.on('error', () => undefined);
        await current.end().catch(() => undefined);
      }
    },
  };
}
