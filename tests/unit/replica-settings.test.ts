import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../src/server/client-address.ts';
import { readConfig } from '../../src/server/config.ts';

// The settings replicas add (docs/scaling.md): DATABASE_URL, QUESTION_LOG_BUFFER, TRUSTED_PROXIES, and
// how a reader's address is found behind a trusted load balancer.

describe('replica settings', () => {
  it('takes a postgres:// DATABASE_URL and names the variable when it is something else', () => {
    expect(readConfig({ DATABASE_URL: 'postgres://faq:secret@10.0.0.5:5432/faqchat' }).databaseUrl).toBe('postgres://faq:secret@10.0.0.5:5432/faqchat');
    expect(readConfig({ DATABASE_URL: 'postgresql://db/faq' }).databaseUrl).toBe('postgresql://db/faq');
    expect(readConfig({}).databaseUrl).toBeUndefined();
    for (const bad of ['mysql://db/faq', 'db.example.com', 'postgres://'])
      expect(() => readConfig({ DATABASE_URL: bad })).toThrow(/^Invalid setting DATABASE_URL/);
  });

  it('bounds QUESTION_LOG_BUFFER and reads TRUSTED_PROXIES as a list of addresses', () => {
    expect(readConfig({}).questionLogBuffer).toBe(50_000);
    expect(() => readConfig({ QUESTION_LOG_BUFFER: '10' })).toThrow(/^Invalid setting QUESTION_LOG_BUFFER/);
    expect(readConfig({ TRUSTED_PROXIES: '10.0.0.2, 10.0.0.3,::1' }).trustedProxies).toEqual(['10.0.0.2', '10.0.0.3', '::1']);
    expect(readConfig({}).trustedProxies).toEqual([]);
    expect(() => readConfig({ TRUSTED_PROXIES: '10.0.0.2,nginx' })).toThrow(/^Invalid setting TRUSTED_PROXIES/);
  });
});

describe('the reader behind a load balancer', () => {
  const trusted = new Set(['10.0.0.2', '10.0.0.3']);

  it('is the peer itself when the peer is not a trusted proxy, whatever the header says', () => {
    expect(clientAddress('198.51.100.7', '203.0.113.9', trusted)).toBe('198.51.100.7');
    expect(clientAddress('198.51.100.7', undefined, new Set())).toBe('198.51.100.7');
  });

  it('is the address a trusted proxy added, not one the reader wrote into X-Forwarded-For itself', () => {
    expect(clientAddress('10.0.0.2', '198.51.100.7', trusted)).toBe('198.51.100.7');
    // The reader sent "X-Forwarded-For: 203.0.113.9"; nginx appended the reader's real address.
    expect(clientAddress('::ffff:10.0.0.2', '203.0.113.9, 198.51.100.7', trusted)).toBe('198.51.100.7');
    // Two trusted hops (a CDN's edge in TRUSTED_PROXIES too): the first address no trusted proxy added.
    expect(clientAddress('10.0.0.2', ['203.0.113.9, 198.51.100.7', '10.0.0.3'], trusted)).toBe('198.51.100.7');
  });

  it('stays the proxy when the header is missing, names only trusted proxies, or holds something that is not an address', () => {
    expect(clientAddress('10.0.0.2', undefined, trusted)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', '10.0.0.3', trusted)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', '198.51.100.7, not-an-address', trusted)).toBe('10.0.0.2');
  });
});
