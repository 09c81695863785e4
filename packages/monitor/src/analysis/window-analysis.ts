import type { DatasetProfile, DriftReport, ValidationReport } from '@ballast/contracts';
import { type ExpectationSuite, validate } from '@ballast/data-validation';
import { type CompareWindowOptions, compareWindow } from '../drift/compare-window';
import { type SampleColumn, sampleCell } from '../windows/closed-window';

/** What a window's analysis needs besides its sample: plain data, so a worker can receive it. */
export interface AnalysisSettings {
  /** Comparison settings (without the report time, which is the window's end). */
  compare: Omit<CompareWindowOptions, 'createdAt'>;
  /** The validation suite run on the sample, if any. */
  suite?: ExpectationSuite;
}

/** The part of a window's analysis that reads its sample: drift, and the suite's results. */
export interface SampleAnalysis {
  drift: DriftReport;
  validation?: ValidationReport;
}

/**
 * Compares a window's sample with the reference and runs the suite on it: the costly, stateless
 * part of a window's analysis, run on the monitor's thread or in its analysis worker alike (the
 * alert state, persistence and callbacks stay on the monitor's thread).
 */
export async function analyseSample(
  reference: DatasetProfile,
  sample: Readonly<Record<string, SampleColumn>>,
  sampleRows: number,
  end: number,
  settings: AnalysisSettings,
): Promise<SampleAnalysis> {
  const drift = compareWindow(reference, sample, { ...settings.compare, createdAt: new Date(end) });
  if (!settings.suite || sampleRows === 0) return { drift };
  const names = Object.keys(sample);
  const records = Array.from({ length: sampleRows }, (_, row) =>
    Object.fromEntries(names.map(name => [name, sampleCell(sample[name] as SampleColumn, row)])),
  );
  // Dated at the window's end like the drift report, so a window's reports are the same wherever
  // and whenever it is analysed (worker or inline, first run or after a restart).
  const createdAt = new Date(end).toISOString();
  return { drift, validation: await validate(settings.suite, records, { createdAt }) };
}
