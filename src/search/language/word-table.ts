/**
 * A fixed set of short words, each with a few bits of facts, looked up by the word's letters. Built
 * for the question's every word: between two questions of a server the CPU caches are gone, and a
 * `Map` look-up on a string key then waits for its bucket, its entry and the stored key string
 * (several cache misses; more where a chain is walked). Here a word and its bits share one 32-byte
 * slot of one typed array, in open addressing: a look-up reads the slot it hashes to (and rarely the
 * next), one cache line, and a word longer than every key is answered without reading any.
 */
export class WordTable {
  /** Slots of {@link slotBytes}: the key's length, its facts (3 bytes), its letters (Latin-1 codes). */
  readonly #slots: Uint8Array;
  readonly #mask: number;
  /** The longest key kept in the slots: longer words are none of them. */
  readonly #longest: number;
  /** Keys that do not fit a slot (longer, or a letter beyond Latin-1): a few at most, if any. */
  readonly #others = new Map<string, number>();

  /** The table of the words with their facts (a word given twice has the bits of both). */
  constructor(entries: Iterable<readonly [string, number]>) {
    const merged = new Map<string, number>();
    for (const [word, bits] of entries) merged.set(word, (merged.get(word) ?? 0) | bits);
    // At most a third full: a word not in the table (most of a question's) is told so by its first slot mostly.
    let size = 16;
    while (size < merged.size * 3) size *= 2;
    this.#slots = new Uint8Array(size * slotBytes);
    this.#mask = size - 1;
    let longest = 0;
    for (const [word, bits] of merged) {
      if (bits > maxFacts) throw new RangeError(`word facts ${bits} of "${word}" do not fit in three bytes`);
      if (!fits(word)) {
        this.#others.set(word, bits);
        continue;
      }
      let slot = hash(word) & this.#mask;
      while (this.#slots[slot * slotBytes] !== 0) slot = (slot + 1) & this.#mask;
      const at = slot * slotBytes;
      this.#slots[at] = word.length;
      this.#slots[at + 1] = bits & 0xff;
      this.#slots[at + 2] = (bits >> 8) & 0xff;
      this.#slots[at + 3] = bits >> 16;
      for (let i = 0; i < word.length; i += 1) this.#slots[at + keyOffset + i] = word.charCodeAt(i);
      longest = Math.max(longest, word.length);
    }
    this.#longest = longest;
  }

  /** The word's facts, or 0 when it is not in the table. */
  get(word: string): number {
    const length = word.length;
    if (length > this.#longest || length === 0) return this.#others.size === 0 ? 0 : (this.#others.get(word) ?? 0);
    const slots = this.#slots;
    let slot = hash(word) & this.#mask;
    for (;;) {
      const at = slot * slotBytes;
      const stored = slots[at] as number;
      if (stored === 0) return this.#others.size === 0 ? 0 : (this.#others.get(word) ?? 0);
      if (stored === length && sameLetters(slots, at + keyOffset, word)) {
        return (slots[at + 1] as number) | ((slots[at + 2] as number) << 8) | ((slots[at + 3] as number) << 16);
      }
      slot = (slot + 1) & this.#mask;
    }
  }
}

const slotBytes = 32;
const keyOffset = 4;
const maxKeyChars = slotBytes - keyOffset;
const maxFacts = 0xffffff;

/** Whether the word can be kept in a slot: short enough, non-empty, of Latin-1 letters. */
function fits(word: string): boolean {
  if (word.length === 0 || word.length > maxKeyChars) return false;
  for (let i = 0; i < word.length; i += 1) if (word.charCodeAt(i) > 0xff) return false;
  return true;
}

/** Whether the slot's letters from `at` are the word's (its length already compared). */
function sameLetters(slots: Uint8Array, at: number, word: string): boolean {
  for (let i = 0; i < word.length; i += 1) if (slots[at + i] !== word.charCodeAt(i)) return false;
  return true;
}

/** FNV-1a over the word's UTF-16 codes. */
function hash(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i += 1) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
