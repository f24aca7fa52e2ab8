import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportCliMessage, ImportExit, runImport } from '../../src/cli/import.ts';
import { ImportErrorCode, ImportErrorMessage } from '../../src/corpus/import-text.ts';
import { faqDir, fixturesDir } from '../helpers/server.ts';

const seedFile = `${fixturesDir}export-kuba-china-militaer.txt`;
const committed = readFileSync(`${faqDir}kuba-china-militaer.md`, 'utf8');
const bin = fileURLToPath(new URL('../../bin/faq-chat.js', import.meta.url));
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'faq-import-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the import in process; returns the exit code and what it printed. */
function importInto(file: string, options: { id?: string; force?: boolean } = {}): { code: number; out: string; err: string } {
  const out = new PassThrough();
  const err = new PassThrough();
  const code = runImport({ file, id: options.id, url: undefined, dir, force: options.force ?? false }, out, err);
  return { code, out: String(out.read() ?? ''), err: String(err.read() ?? '') };
}

function writeExport(text: string): string {
  const file = join(dir, '..', `${dir.split('/').at(-1) ?? 'x'}-export.txt`);
  writeFileSync(file, text);
  return file;
}

describe('faq-chat import', () => {
  it('writes the seed export as the committed article file, byte for byte, and says what it recognised', () => {
    const result = spawnSync(process.execPath, [bin, 'import', seedFile, '--id', 'kuba-china-militaer', '--dir', dir], { encoding: 'utf8' });
    expect(result.status).toBe(ImportExit.written);
    expect(readFileSync(join(dir, 'kuba-china-militaer.md'), 'utf8')).toBe(committed);
    expect(result.stdout).toContain('3 under the title');
    expect(result.stdout).toContain('Source: CiberCuba (from the export\'s line 53, "CiberCuba-Redaktionsteam")');
    expect(result.stdout).toContain('caption-1  Álvaro López Miera, Minister der FAR, und sein chinesischer Amtskollege Dong Jun');
    expect(result.stdout).toContain('## Vorgeschichte und Verdachtsmomente');
    expect(result.stdout).toContain('faq-4  Wie beeinflusst die Beziehung zwischen Kuba und China die interne Situation in Kuba?');
    expect(result.stdout).toContain('- Verwandte Videos:');
    expect(readdirSync(dir)).toEqual(['kuba-china-militaer.md']);
  });

  it('never overwrites an existing article without --force', () => {
    writeFileSync(join(dir, 'kuba-china-militaer.md'), 'edited by hand');
    const refused = importInto(seedFile, { id: 'kuba-china-militaer' });
    expect(refused.code).toBe(ImportExit.refused);
    expect(refused.err).toContain(ImportCliMessage.exists);
    expect(refused.err).toContain(ImportCliMessage.nothingWritten);
    expect(readFileSync(join(dir, 'kuba-china-militaer.md'), 'utf8')).toBe('edited by hand');
    expect(importInto(seedFile, { id: 'kuba-china-militaer', force: true }).code).toBe(ImportExit.written);
    expect(readFileSync(join(dir, 'kuba-china-militaer.md'), 'utf8')).toBe(committed);
    expect(readdirSync(dir)).toEqual(['kuba-china-militaer.md']);
  });

  it('refuses an id another file of the directory already has', () => {
    writeFileSync(join(dir, 'other-name.md'), committed);
    const refused = importInto(seedFile, { id: 'kuba-china-militaer' });
    expect(refused.code).toBe(ImportExit.refused);
    expect(refused.err).toContain(ImportCliMessage.idTaken);
    expect(readdirSync(dir)).toEqual(['other-name.md']);
  });

  it.each([
    ['no title', (seed: string) => `Ein Satz.\n${seed}`, ImportErrorCode.noTitle],
    ['no FAQ section', (seed: string) => seed.slice(0, seed.indexOf('Häufig gestellte Fragen')), ImportErrorCode.noFaq],
    [
      'a question without an answer',
      (seed: string) => seed.replace(/\n\nDie militärische Zusammenarbeit zwischen Kuba und China konzentriert[^\n]*/, ''),
      ImportErrorCode.noAnswer,
    ],
  ])('refuses an export with %s, says why and writes nothing', (_name, mangle, code) => {
    const file = writeExport(mangle(readFileSync(seedFile, 'utf8')));
    try {
      const refused = importInto(file, { id: 'kuba-china-militaer' });
      expect(refused.code).toBe(ImportExit.refused);
      expect(refused.err).toContain(ImportErrorMessage[code]);
      expect(refused.err).toContain(file);
      expect(refused.out).toBe('');
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('takes --source and --language, and refuses a language the matcher does not support', () => {
    const args = [bin, 'import', seedFile, '--id', 'kuba-china-militaer', '--dir', dir];
    const refused = spawnSync(process.execPath, [...args, '--language', 'fr'], { encoding: 'utf8' });
    expect(refused.status).toBe(ImportExit.refused);
    expect(refused.stderr).toContain(`${ImportErrorMessage[ImportErrorCode.unsupportedLanguage]} "fr"`);
    expect(readdirSync(dir)).toEqual([]);
    const written = spawnSync(process.execPath, [...args, '--source', 'Beispiel Zeitung', '--language', 'de'], { encoding: 'utf8' });
    expect(written.status).toBe(ImportExit.written);
    expect(written.stdout).toContain('Source: Beispiel Zeitung (from --source)');
    expect(readFileSync(join(dir, 'kuba-china-militaer.md'), 'utf8')).toContain('\nsource: Beispiel Zeitung\n');
  });

  it('refuses a missing export file and a missing directory', () => {
    expect(importInto(join(dir, 'missing.txt')).err).toContain(ImportCliMessage.unreadable);
    const out = new PassThrough();
    const err = new PassThrough();
    const code = runImport({ file: seedFile, dir: join(dir, 'nope'), force: false }, out, err);
    expect(code).toBe(ImportExit.refused);
    expect(String(err.read())).toContain(ImportCliMessage.noDir);
  });
});
