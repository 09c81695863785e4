/** One synthetic card transaction with its fraud label (a type alias, so it is a plain record). */
export type Transaction = {
  amount: number;
  country: string | null;
  channel: string;
  isFraud: boolean;
};

/** Options of {@link syntheticTransactions}. */
export interface SyntheticOptions {
  rows: number;
  seed: number;
  /** Multiplies every amount: 1 is the training distribution, larger values drift. */
  amountScale?: number;
  /** Share of rows whose country is missing. */
  missingCountryShare?: number;
}

const countries = ['DE', 'FR', 'ES', 'IT', 'NL'];
const channels = ['web', 'app', 'pos'];

/**
 * Seeded synthetic transactions (a linear congruential generator keeps runs reproducible
 * without any dependency): log-normal amounts, fraud more likely on large web payments.
 */
export function syntheticTransactions(options: SyntheticOptions): Transaction[] {
  let state = options.seed >>> 0;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state + 0.5) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const scale = options.amountScale ?? 1;
  const rows: Transaction[] = [];
  for (let index = 0; index < options.rows; index += 1) {
    const amount = Math.round(Math.exp(4 + 0.8 * normal()) * scale * 100) / 100;
    const channel = channels[Math.floor(uniform() * channels.length)] as string;
    const riskiness = amount / 250 + (channel === 'web' ? 0.4 : 0) + 0.1 * normal();
    rows.push({
      amount,
      country:
        uniform() < (options.missingCountryShare ?? 0)
          ? null
          : (countries[Math.floor(uniform() * countries.length)] as string),
      channel,
      isFraud: riskiness > 1.2,
    });
  }
  return rows;
}
