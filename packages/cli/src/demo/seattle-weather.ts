import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCsv } from '@ballast/data-validation';

/** One day of Seattle weather, as the vendored vega-datasets CSV has it. */
export interface WeatherDay {
  date: string;
  precipitation: number;
  temp_max: number;
  temp_min: number;
  wind: number;
  weather: string;
}

/** The model's inputs, in the order of the served tensor (precipitation is left out: it is the answer). */
export const FEATURES = ['temp_max', 'temp_min', 'wind'] as const;

/**
 * The path of the vendored seattle-weather.csv (from vega-datasets 3.2.1, see data/NOTICE) in
 * this package's data/ folder.
 */
export function seattleWeatherPath(): string {
  // The bundle runs from dist/, the sources (tests) from src/demo/: data/ is one or two up.
  const candidates = ['../data/seattle-weather.csv', '../../data/seattle-weather.csv'].map(path =>
    fileURLToPath(new URL(path, import.meta.url)),
  );
  const found = candidates.find(path => existsSync(path));
  if (found === undefined) {
    throw new Error(`seattle-weather.csv not found (looked at ${candidates.join(', ')})`);
  }
  return found;
}

/** Reads the CSV with data-validation's reader (typed cells, Arrow batches) into plain rows. */
export async function readSeattleWeather(path = seattleWeatherPath()): Promise<WeatherDay[]> {
  const days: WeatherDay[] = [];
  for await (const batch of readCsv(path)) {
    for (const row of batch.toArray()) days.push(row.toJSON() as unknown as WeatherDay);
  }
  return days;
}

/** The label: a rainy day is one labelled rain, or with any precipitation. */
export function isRainy(day: WeatherDay): number {
  return day.weather === 'rain' || day.precipitation > 0 ? 1 : 0;
}

/** The feature row of a day. */
export function featureRow(day: WeatherDay): number[] {
  return FEATURES.map(feature => day[feature]);
}

/** Days of the given years, in date order. */
export function daysOf(days: readonly WeatherDay[], ...years: number[]): WeatherDay[] {
  const wanted = new Set(years.map(String));
  return days.filter(day => wanted.has(String(day.date).slice(0, 4)));
}
