import { describe, expect, it } from 'vitest';
import { uuidV7, uuidV7Timestamp } from './uuid-v7';

const format = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV7', () => {
  it('has the RFC 9562 version 7 layout and encodes the time', () => {
    const now = Date.UTC(2026, 10, 22, 10, 15, 30, 123);
    const id = uuidV7(now + 10_000);
    expect(id).toMatch(format);
    expect(uuidV7Timestamp(id)).toBe(now + 10_000);
  });

  it('is strictly increasing within one millisecond, past the counter range', () => {
    const now = Date.UTC(2030, 0, 1);
    const ids = Array.from({ length: 10_000 }, () => uuidV7(now));
    for (let index = 1; index < ids.length; index += 1) {
      expect(ids[index]! > ids[index - 1]!, `${ids[index - 1]} < ${ids[index]}`).toBe(true);
    }
    for (const id of ids) expect(id).toMatch(format);
    expect(new Set(ids).size).toBe(ids.length);
    // 4096 counter values per millisecond: 10 000 ids must have borrowed later milliseconds.
    expect(uuidV7Timestamp(ids.at(-1)!)).toBeGreaterThan(now);
  });

  it('stays increasing when the clock steps back', () => {
    const first = uuidV7(Date.UTC(2031, 0, 1));
    const second = uuidV7(Date.UTC(2020, 0, 1));
    expect(second > first).toBe(true);
  });
});
