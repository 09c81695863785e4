import { randomBytes } from 'node:crypto';

const maxCounter = 0xfff;
let lastTimestamp = -1;
let counter = 0;

/**
 * A UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then random bits, so ids sort by
 * creation time. Ids made in the same process are strictly increasing even within one
 * millisecond or when the clock steps back: the 12-bit `rand_a` field is used as a counter
 * (RFC 9562 §6.2, method 1), and the timestamp is advanced when the counter overflows.
 *
 * @example
 * ```ts
 * const runId = uuidV7(); // '0193f5a2-7c4e-7d1a-9b2f-5e6a7b8c9d0e'
 * ```
 */
export function uuidV7(now: number = Date.now()): string {
  let timestamp = Math.max(now, lastTimestamp);
  if (timestamp === lastTimestamp) {
    counter += 1;
    if (counter > maxCounter) {
      timestamp += 1;
      counter = 0;
    }
  } else {
    // Start low in a fresh millisecond so there is room to count up.
    counter = randomBytes(1)[0]! & 0x7f;
  }
  lastTimestamp = timestamp;

  const bytes = randomBytes(16);
  const high = Math.floor(timestamp / 2 ** 16);
  bytes.writeUInt32BE(high >>> 0, 0);
  bytes.writeUInt16BE(timestamp % 2 ** 16, 4);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The Unix milliseconds encoded in a UUIDv7.
 *
 * @example
 * ```ts
 * new Date(uuidV7Timestamp(run.runId));
 * ```
 */
export function uuidV7Timestamp(uuid: string): number {
  return Number.parseInt(uuid.replaceAll('-', '').slice(0, 12), 16);
}
