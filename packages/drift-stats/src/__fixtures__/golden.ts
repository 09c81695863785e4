import { readFileSync } from 'node:fs';

/** One scipy result in the golden file. */
export interface GoldenResult {
  statistic?: number;
  pValue?: number;
}

/** A numeric case: both samples and scipy's results per method key. */
export interface GoldenNumericCase {
  name: string;
  reference: number[];
  current: number[];
  expected: Record<string, GoldenResult | undefined>;
}

/** A categorical case: counts per category on both sides. */
export interface GoldenCategoricalCase {
  name: string;
  reference: Record<string, number>;
  current: Record<string, number>;
  expected: Record<string, GoldenResult | undefined>;
}

/** The committed output of scripts/generate-golden.py. */
export interface Golden {
  generator: { numpy: string; scipy: string; seed: number };
  numeric: GoldenNumericCase[];
  categorical: GoldenCategoricalCase[];
  kstwo: Array<{ n: number; d: number; sf: number }>;
  chi2: Array<{ x: number; df: number; sf: number }>;
  studentT: Array<{ t: number; df: number; p: number }>;
  normal: Array<{ z: number; cdf: number }>;
}

/** Loads golden.json once. */
export const golden: Golden = JSON.parse(
  readFileSync(new URL('./golden.json', import.meta.url), 'utf8'),
) as Golden;

/** Expands category counts to a label array (so tests go through the public input path). */
export function expandCounts(counts: Record<string, number>): string[] {
  return Object.entries(counts).flatMap(([key, count]) => Array<string>(count).fill(key));
}

/** The relative difference `|a − e| / max(|e|, tiny)`, 0 when both are equal (incl. ±Infinity). */
export function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
}
