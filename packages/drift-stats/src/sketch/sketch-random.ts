/**
 * The mulberry32 generator of `seededGenerator`, with its state exposed: a sketch serialises
 * the state so a deserialised sketch continues with exactly the coin flips the original would
 * have made (the closure of `seededGenerator` cannot be saved).
 */
export class SketchRandom {
  constructor(public state: number) {
    this.state = state >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let value = this.state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  }

  /** A fair coin: 0 or 1. */
  bit(): 0 | 1 {
    return this.next() < 0.5 ? 0 : 1;
  }
}
