import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { compileTrust, readerAddress } from '../../src/server/client-address.ts';
import { readConfig } from '../../src/server/config.ts';

// The settings replicas add (docs/scaling.md): DATABASE_URL, QUESTION_LOG_BUFFER, and how a reader's
// address is found behind a load balancer TRUST_PROXY names (for the per-address limits).

describe('replica settings', () => {
  it('takes a postgres:// DATABASE_URL and names the variable when it is something else', () => {
    expect(readConfig({ DATABASE_URL: 'postgres://faq:secret@10.0.0.5:5432/faqchat' }).databaseUrl).toBe('postgres://faq:secret@10.0.0.5:5432/faqchat');
    expect(readConfig({ DATABASE_URL: 'postgresql://db/faq' }).databaseUrl).toBe('postgresql://db/faq');
    expect(readConfig({}).databaseUrl).toBeUndefined();
    for (const bad of ['mysql://db/faq', 'db.example.com', 'postgres://'])
      expect(() => readConfig({ DATABASE_URL: bad })).toThrow(/^Invalid setting DATABASE_URL/);
  });

  it('bounds QUESTION_LOG_BUFFER', () => {
    expect(readConfig({}).questionLogBuffer).toBe(50_000);
    expect(readConfig({ QUESTION_LOG_BUFFER: '2000' }).questionLogBuffer).toBe(2000);
    expect(() => readConfig({ QUESTION_LOG_BUFFER: '10' })).toThrow(/^Invalid setting QUESTION_LOG_BUFFER/);
  });
});

/** A request as it reaches a replica: from `peer`, with the X-Forwarded-For header given. */
function request(peer: string, forwardedFor?: string | string[]): IncomingMessage {
  const socket = { remoteAddress: peer };
  return { socket, connection: socket, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } } as unknown as IncomingMessage;
}

describe('the reader behind a load balancer (TRUST_PROXY)', () => {
  const trust = compileTrust(readConfig({ TRUST_PROXY: '10.0.0.2, 10.0.0.3' }).trustProxy);

  it('is the peer itself when the peer is not a trusted proxy, whatever the header says', () => {
    expect(readerAddress(request('198.51.100.7', '203.0.113.9'), trust)).toBe('198.51.100.7');
    expect(readerAddress(request('198.51.100.7', '203.0.113.9'), compileTrust(false))).toBe('198.51.100.7');
  });

  it('is the address a trusted proxy added, not one the reader wrote into X-Forwarded-For itself', () => {
    expect(readerAddress(request('10.0.0.2', '198.51.100.7'), trust)).toBe('198.51.100.7');
    // The reader sent "X-Forwarded-For: 203.0.113.9"; nginx appended the reader's real address.
    expect(readerAddress(request('::ffff:10.0.0.2', '203.0.113.9, 198.51.100.7'), trust)).toBe('198.51.100.7');
    // Two trusted hops (a second proxy in TRUST_PROXY too): the first address no trusted proxy added.
    expect(readerAddress(request('10.0.0.2', '203.0.113.9, 198.51.100.7, 10.0.0.3'), trust)).toBe('198.51.100.7');
    expect(readerAddress(request('127.0.0.1', '198.51.100.7'), compileTrust(readConfig({ TRUST_PROXY: 'loopback' }).trustProxy))).toBe('198.51.100.7');
  });

  it('stays a proxy when the header is missing or names only trusted proxies', () => {
    expect(readerAddress(request('10.0.0.2'), trust)).toBe('10.0.0.2');
    expect(readerAddress(request('10.0.0.2', '10.0.0.3'), trust)).toBe('10.0.0.3');
  });
});
