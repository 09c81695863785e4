/**
 * A small seeded generator (mulberry32): uniform numbers in [0, 1) with 32 random bits, the same
 * sequence for the same seed on every platform. Its whole state is one integer (`state`), so a
 * checkpoint can save it and resume with the same draws. For reproducible samples, sketches,
 * fixtures and demo data; not for anything that needs unpredictability.
 */
export class Mulberry32 {
  /** The current state; save it to resume the sequence later. */
  state: number;

  constructor(state: number) {
    this.state = state >>> 0;
  }

  /** The next uniform number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let value = this.state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  }
}

/** {@link Mulberry32} as a function: each call returns the next uniform number in [0, 1). */
export function mulberry32(seed: number): () => number {
  const generator = new Mulberry32(seed);
  return () => generator.next();
}
