// Worker-thread entry of the monitor's window analysis (see AnalysisThread). Built as its own
// file (dist/analysis-worker.js and .cjs) next to the package bundle. The reference arrives once
// and stays the same object, so drift-stats prepares it (sketch, sorted values) once.
import { parentPort } from 'node:worker_threads';
import type { DatasetProfile } from '@ballast/contracts';
import { type AnalysisSettings, analyseSample } from './window-analysis';
import type { AnalysisReply, AnalysisRequest } from './analysis-messages';

let reference: DatasetProfile | undefined;
let settings: AnalysisSettings | undefined;

parentPort?.on('message', (message: AnalysisRequest) => {
  if (message.type === 'init') {
    reference = message.reference;
    settings = message.settings;
    return;
  }
  const reply = (answer: AnalysisReply) => parentPort?.postMessage(answer);
  analyseSample(
    reference as DatasetProfile,
    message.sample,
    message.sampleRows,
    message.end,
    settings as AnalysisSettings,
  ).then(
    analysis => reply({ id: message.id, analysis }),
    // The monitor's thread analyses the window again and reports the typed error itself.
    () => reply({ id: message.id, failed: true }),
  );
});
