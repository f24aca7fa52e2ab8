import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressKey, createConnectionCounter } from '../../src/server/limits.ts';

const group = fc.integer({ min: 0, max: 0xffff });

describe('addressKey', () => {
  it('keeps IPv4 addresses, also IPv4-mapped ones', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(addressKey(ip)).toBe(ip);
        expect(addressKey(`::ffff:${ip}`)).toBe(ip);
      }),
    );
  });

  it('counts an IPv6 address by its /64, however it is written', () => {
    fc.assert(
      fc.property(fc.array(group, { minLength: 8, maxLength: 8 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 8 }), (groups, from, length) => {
        const hex = groups.map((g) => g.toString(16));
        const full = hex.join(':');
        const expected = `${hex.slice(0, 4).join(':')}::/64`;
        expect(addressKey(full)).toBe(expected);
        // Zero a run of groups and write it compressed with "::", as the kernel reports it.
        const zeroed = hex.map((g, i) => (i >= from && i < from + length ? '0' : g));
        const compressed = `${zeroed.slice(0, from).join(':')}::${zeroed.slice(Math.min(8, from + length)).join(':')}`;
        expect(addressKey(compressed)).toBe(`${zeroed.slice(0, 4).join(':')}::/64`);
        expect(addressKey(`${full.toUpperCase()}%eth0`)).toBe(expected);
      }),
    );
  });

  it('never throws, whatever the string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.ipV6(), fc.ipV4Extended()), (text) => {
        expect(typeof addressKey(text)).toBe('string');
      }),
    );
    expect(addressKey(undefined)).toBe('unknown');
  });
});

describe('createConnectionCounter', () => {
  it('behaves like a map of counts capped at the maximum', () => {
    const op = fc.record({ acquire: fc.boolean(), address: fc.constantFrom('a', 'b', 'c') });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 60 }), (max, ops) => {
        const counter = createConnectionCounter(max);
        const model = new Map<string, number>();
        for (const { acquire, address } of ops) {
          const count = model.get(address) ?? 0;
          if (acquire) {
            expect(counter.tryAcquire(address)).toBe(count < max);
            if (count < max) model.set(address, count + 1);
          } else if (count > 0) {
            // Only connections that were counted are released (the endpoint releases on their socket's close).
            counter.release(address);
            model.set(address, count - 1);
          }
          expect(counter.count(address)).toBe(model.get(address) ?? 0);
        }
      }),
    );
  });
});
