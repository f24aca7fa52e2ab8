import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lexicon } from '../../src/search/language/lexicon.ts';
import { loadLexicon } from '../../src/search/language/load-lexicon.ts';
import { type Config, readConfig } from '../../src/server/config.ts';
import { type RunningServer, type StartOptions, startServer } from '../../src/server/start.ts';

/** The repository's faq/ directory. */
export const faqDir = fileURLToPath(new URL('../../faq/', import.meta.url));
/** tests/fixtures/. */
export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));

let lexicon: Lexicon | undefined;
/** The lexicon, loaded once per test file (it is immutable). */
export function testLexicon(): Lexicon {
  lexicon ??= loadLexicon();
  return lexicon;
}

/**
 * Starts the real server on 127.0.0.1, port 0, with the settings given as environment variables.
 * Without a DATA_DIR it records questions in a temporary directory, removed on close.
 */
export async function startTestServer(env: Record<string, string> = {}, options: StartOptions = {}): Promise<RunningServer & { config: Config }> {
  const dataDir = env.DATA_DIR === undefined ? mkdtempSync(join(tmpdir(), 'faq-data-')) : undefined;
  const config = readConfig({ HOST: '127.0.0.1', PORT: '0', FAQ_DIR: faqDir, LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...env });
  const running = await startServer(config, { lexicon: testLexicon(), ...options });
  const close = async (): Promise<void> => {
    await running.close();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  };
  return { ...running, config, close };
}
