import type { InferencePayload } from '@ballast/contracts';
import { SeededRandom } from '../windows/seeded-random';

/** Seeded synthetic traffic of a weather classifier: input x [1, 3], output proba [1]. */
export class Traffic {
  private readonly random: SeededRandom;
  private sequence = 0;

  constructor(seed: number) {
    this.random = new SeededRandom(seed);
  }

  normal(mean = 0, sd = 1): number {
    return (
      mean +
      sd * Math.sqrt(-2 * Math.log(this.random.next())) * Math.cos(2 * Math.PI * this.random.next())
    );
  }

  /** Reference columns: temp_max ~ N(20, 5), precipitation ~ N(3, 1), wind ~ N(10, 3), proba. */
  reference(rows: number): Record<'temp_max' | 'precipitation' | 'wind' | 'proba', number[]> {
    const columns = {
      temp_max: [] as number[],
      precipitation: [] as number[],
      wind: [] as number[],
      proba: [] as number[],
    };
    for (let row = 0; row < rows; row += 1) {
      const values = this.row(0);
      columns.temp_max.push(values[0]);
      columns.precipitation.push(values[1]);
      columns.wind.push(values[2]);
      columns.proba.push(values[3]);
    }
    return columns;
  }

  /** One row; `shift` moves temp_max by that many standard deviations. */
  row(shift: number): [number, number, number, number] {
    const temp = this.normal(20 + 5 * shift, 5);
    const rain = this.normal(3, 1);
    const wind = this.normal(10, 3);
    const proba = 1 / (1 + Math.exp(-(temp - 20) / 5));
    return [temp, rain, wind, proba];
  }

  /** `count` single-row payloads received at `at` (epoch ms). */
  payloads(count: number, shift = 0, at = Date.UTC(2026, 0, 1)): InferencePayload[] {
    return Array.from({ length: count }, () => {
      const [temp, rain, wind, proba] = this.row(shift);
      this.sequence += 1;
      return {
        model: { name: 'weather', version: '1' },
        requestId: `req-${this.sequence}`,
        receivedAt: new Date(at).toISOString(),
        latencySeconds: 0.001,
        request: {
          inputs: [{ name: 'x', shape: [1, 3], datatype: 'FP64', data: [temp, rain, wind] }],
        },
        response: {
          model_name: 'weather',
          outputs: [{ name: 'proba', shape: [1], datatype: 'FP64', data: [proba] }],
        },
      };
    });
  }
}

/** The `features` option matching {@link Traffic}. */
export const weatherFeatures = { x: ['temp_max', 'precipitation', 'wind'] };
