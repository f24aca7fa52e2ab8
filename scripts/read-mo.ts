import { readFileSync } from 'node:fs';

/** Minimal reader of a gettext .mo catalogue: msgid → msgstr. */
export function readMo(path: string): Map<string, string> {
  const buf = readFileSync(path);
  const count = buf.readUInt32LE(8);
  const originals = buf.readUInt32LE(12);
  const translations = buf.readUInt32LE(16);
  const map = new Map<string, string>();
  for (let i = 0; i < count; i += 1) {
    const o = buf.readUInt32LE(originals + 8 * i + 4);
    const t = buf.readUInt32LE(translations + 8 * i + 4);
    const oLen = buf.readUInt32LE(originals + 8 * i);
    const tLen = buf.readUInt32LE(translations + 8 * i);
    map.set(buf.toString('utf8', o, o + oLen), buf.toString('utf8', t, t + tLen));
  }
  return map;
}
