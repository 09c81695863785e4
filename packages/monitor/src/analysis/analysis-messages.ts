import type { DatasetProfile } from '@ballast/contracts';
import type { SampleColumn } from '../windows/closed-window';
import type { AnalysisSettings, SampleAnalysis } from './window-analysis';

/** Messages to the analysis worker: the reference and settings once, then one per window. */
export type AnalysisRequest =
  | { type: 'init'; reference: DatasetProfile; settings: AnalysisSettings }
  | {
      type: 'window';
      id: number;
      sample: Record<string, SampleColumn>;
      sampleRows: number;
      end: number;
    };

/** The worker's answer for one window: its analysis, or that it failed there. */
export type AnalysisReply = { id: number; analysis: SampleAnalysis } | { id: number; failed: true };
