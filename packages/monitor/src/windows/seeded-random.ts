import { Mulberry32 } from '@ballast/kit';

/**
 * A small seeded generator (mulberry32) whose whole state is one integer, so a reservoir can
 * be checkpointed and resumed with the same draws.
 */
export class SeededRandom extends Mulberry32 {
  /** A uniform draw in (0, 1): never exactly 0, so `Math.log` of it is finite. */
  override next(): number {
    const value = super.next();
    return value === 0 ? 2 ** -33 : value;
  }

  /** A uniform integer in [0, bound). */
  nextInt(bound: number): number {
    return Math.floor(this.next() * bound);
  }
}
