import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ErrorCode, type ParseResult, parseClientMessage, protocolDefaults } from '../../src/protocol.ts';
import { withinBudget } from '../helpers/budget.ts';

// parseClientMessage sees every frame a stranger sends: for any input it returns, quickly, a well-formed result.

const codes = new Set<string>(Object.values(ErrorCode));
/** Per-call budget: generous for a loaded CI machine, far below anything a client would notice. */
const budgetMs = 50;

/** Any UTF-16 code unit, lone surrogates included (what JSON "\ud800" escapes produce). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: codeUnit, maxLength: 300 }));

/** Parses and checks the result is well-formed and came back within the budget. */
function parseChecked(raw: string): ParseResult {
  const result = withinBudget(budgetMs, () => parseClientMessage(raw));
  if (result.ok) {
    const { message } = result;
    expect(typeof message.id).toBe('string');
    expect(message.id.length).toBeGreaterThanOrEqual(1);
    expect(message.id.length).toBeLessThanOrEqual(protocolDefaults.maxIdChars);
    if (message.type === 'ask') {
      expect(typeof message.question).toBe('string');
      expect(message.question.length).toBeLessThanOrEqual(protocolDefaults.maxQuestionChars);
      if (message.limit !== undefined) expect(Number.isInteger(message.limit) && message.limit >= 1 && message.limit <= protocolDefaults.maxLimit).toBe(true);
      if (message.article !== undefined) expect(typeof message.article).toBe('string');
    }
  } else {
    expect(codes.has(result.code)).toBe(true);
    expect(typeof result.message).toBe('string');
    expect(result.id === null || (typeof result.id === 'string' && result.id.length <= protocolDefaults.maxIdChars)).toBe(true);
  }
  return result;
}

describe('parseClientMessage, for any input', () => {
  it('returns a well-formed result for arbitrary strings, lone surrogates included', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        parseChecked(raw);
      }),
      { numRuns: 1000 },
    );
  });

  it('never says bad_json for valid JSON, and refuses every JSON value that is not an object', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), (value) => {
        const result = parseChecked(JSON.stringify(value));
        if (!result.ok) expect(result.code).not.toBe(ErrorCode.badJson);
        if (value === null || typeof value !== 'object' || Array.isArray(value)) expect(result).toMatchObject({ ok: false, code: ErrorCode.badRequest });
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps only the protocol fields of ask-shaped messages; __proto__, constructor and unknown keys change nothing', () => {
    const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'extra');
    const field = fc.oneof(anyText, fc.jsonValue({ maxDepth: 3 }), fc.integer(), fc.double());
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.record(
          {
            type: fc.oneof(fc.constant('ask'), fc.jsonValue({ maxDepth: 1 })),
            id: fc.oneof(fc.string({ minLength: 1, maxLength: 130 }), field),
            question: fc.oneof(anyText, field),
            article: fc.oneof(fc.string({ maxLength: 210 }), field),
            limit: fc.oneof(fc.integer({ min: -2, max: 12 }), field),
          },
          { requiredKeys: ['type'] },
        ),
        fc.array(fc.tuple(hostileKey, fc.jsonValue({ maxDepth: 3 })), { maxLength: 4 }),
        (fields, hostile) => {
          // Hostile keys are written into the JSON text: only JSON.parse can make "__proto__" an own key.
          const extra = hostile.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
          const raw = `{${[JSON.stringify(fields).slice(1, -1), ...extra].filter(Boolean).join(',')}}`;
          const result = parseChecked(raw);
          if (result.ok && result.message.type === 'ask') {
            accepted += 1;
            const message: Record<string, unknown> = result.message;
            expect(Object.keys(message).every((k) => ['type', 'id', 'question', 'article', 'limit'].includes(k))).toBe(true);
            for (const key of Object.keys(message)) expect(message[key]).toEqual((fields as Record<string, unknown>)[key]);
            expect(Object.getPrototypeOf(message)).toBe(Object.prototype);
          }
          expect(Object.keys(Object.prototype)).toEqual([]);
        },
      ),
      { numRuns: 1000 },
    );
    // The property must also have been checked on messages that pass, not only on refusals.
    expect(accepted).toBeGreaterThan(10);
  });

  it('handles deep nesting and long numbers within the budget', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8000 }), fc.constantFrom('[', '{"a":'), (depth, open) => {
        const close = open === '[' ? ']' : '}';
        parseChecked(`{"type":"ask","id":"d","question":"q","x":${open.repeat(depth)}1${close.repeat(depth)}}`);
        parseChecked(`{"type":"ask","id":"d","question":"q","limit":${'9'.repeat(depth)}}`);
      }),
      { numRuns: 100 },
    );
  });

  it('names the first wrong field, in the order of the protocol table', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'ask', id: '', question: 'q' }, 'id'],
      [{ type: 'ask', id: 'a', question: 7, limit: 0 }, 'question'],
      [{ type: 'ask', id: 'a', question: 'q', article: '', limit: 0 }, 'article'],
      [{ type: 'ask', id: 'a', question: 'q', limit: 2.5 }, 'limit'],
      [{ type: 'feedback', id: 'a', rank: 11, helpful: true }, 'rank'],
      [{ type: 'feedback', id: 'a', rank: 1, helpful: 'yes' }, 'helpful'],
    ];
    for (const [fields, field] of cases) {
      const result = parseClientMessage(JSON.stringify(fields));
      expect(result).toMatchObject({ ok: false, code: ErrorCode.badRequest, id: fields.id === '' ? '' : 'a' });
      expect(!result.ok && result.message).toMatch(new RegExp(`^Invalid "${field}": expected .+\\.$`));
    }
    expect(parseClientMessage('{"type":"ask","id":"a","question":"q","article":"x","limit":10,"extra":1}')).toEqual({
      ok: true,
      message: { type: 'ask', id: 'a', question: 'q', article: 'x', limit: 10 },
    });
  });
});
