import { Counter, Gauge, type Registry } from 'prom-client';
import type { LogHealth } from '../store/question-log.ts';

/**
 * Adds the question log's metrics to `registry`, read from `health` at each scrape: entries waiting,
 * written and dropped, refused writes, and whether the store is degraded (questions are answered meanwhile).
 */
export function watchStore(registry: Registry, health: () => LogHealth | undefined): void {
  const counter = (name: string, help: string, read: (h: LogHealth) => number): void => {
    new Counter({
      name: `faqchat_${name}`,
      help,
      registers: [registry],
      collect() {
        this.reset();
        const current = health();
        if (current) this.inc(read(current));
      },
    });
  };
  const gauge = (name: string, help: string, read: (h: LogHealth) => number): void => {
    new Gauge({
      name: `faqchat_${name}`,
      help,
      registers: [registry],
      collect() {
        const current = health();
        this.set(current ? read(current) : 0);
      },
    });
  };
  gauge('question_log_buffered', 'Question log entries (questions and feedback) recorded and not yet written.', (h) => h.buffered);
  gauge('question_log_degraded', '1 while the question log database refuses writes (entries wait in the buffer), else 0.', (h) =>
    h.state === 'degraded' ? 1 : 0,
  );
  counter('question_log_written_total', 'Question log entries written to the database.', (h) => h.written);
  counter(
    'question_log_dropped_total',
    'Question log entries dropped: the buffer was full (QUESTION_LOG_BUFFER) or the database refused them at shutdown.',
    (h) => h.dropped,
  );
  counter('question_log_write_failures_total', 'Question log writes the database refused or did not answer in time (each retried).', (h) => h.writeFailures);
}
