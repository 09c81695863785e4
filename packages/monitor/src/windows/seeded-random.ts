/**
 * A small seeded generator (mulberry32) whose whole state is one integer, so a reservoir can
 * be checkpointed and resumed with the same draws.
 */
export class SeededRandom {
  constructor(public state: number) {
    this.state = state >>> 0;
  }

  /** A uniform draw in (0, 1): never exactly 0, so `Math.log` of it is finite. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const value = ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    return value === 0 ? 2 ** -33 : value;
  }

  /** A uniform integer in [0, bound). */
  nextInt(bound: number): number {
    return Math.floor(this.next() * bound);
  }
}
