import { Mulberry32 } from '@ballast/kit';

/**
 * The mulberry32 generator of `seededGenerator`, with its state exposed: a sketch serialises
 * the state so a deserialised sketch continues with exactly the coin flips the original would
 * have made (the closure of `seededGenerator` cannot be saved).
 */
export class SketchRandom extends Mulberry32 {
  /** A fair coin: 0 or 1. */
  bit(): 0 | 1 {
    return this.next() < 0.5 ? 0 : 1;
  }
}
