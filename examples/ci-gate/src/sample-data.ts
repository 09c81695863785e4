import { mulberry32 } from '@ballast/kit';

/** Deterministic sample orders: the reference week and a current week, optionally drifted. */
export interface SampleOptions {
  rows: number;
  seed: number;
  /** Shifts amounts up and moves traffic to the app channel, so drift and the gate fire. */
  drifted?: boolean;
}

/** Orders as CSV text: amount, channel, country. */
export function sampleOrdersCsv({ rows, seed, drifted = false }: SampleOptions): string {
  // Seeded, so the committed CSVs can be regenerated exactly.
  const next = mulberry32(seed);
  const lines = ['amount,channel,country'];
  for (let row = 0; row < rows; row++) {
    // Sum of uniforms: a bell-shaped amount around 50 (around 80 when drifted).
    const amount = (next() + next() + next()) * (drifted ? 53 : 33);
    const pick = next();
    const channel = drifted
      ? pick < 0.7
        ? 'app'
        : pick < 0.9
          ? 'web'
          : 'pos'
      : pick < 0.5
        ? 'web'
        : pick < 0.8
          ? 'app'
          : 'pos';
    const country = ['DE', 'FR', 'NL', 'ES'][Math.floor(next() * 4)];
    lines.push(`${amount.toFixed(2)},${channel},${country}`);
  }
  return `${lines.join('\n')}\n`;
}
