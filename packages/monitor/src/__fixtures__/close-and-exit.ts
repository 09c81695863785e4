// A child process for the worker-shutdown test: a monitor analysing in its worker thread closes
// three windows and is closed; nothing else keeps the process alive, so it must exit by itself.
// Last argument: the analysis worker's URL. Prints the windows analysed and the errors reported.
import { Traffic, weatherFeatures } from './traffic';
import { createMonitor } from '../monitor/create-monitor';

// The last argument (also under `node -e`, where there is no script path before it).
const workerUrl = process.argv.at(-1) as string;
let windows = 0;
const errors: string[] = [];
const monitor = createMonitor({
  model: { name: 'weather', version: '1' },
  reference: new Traffic(1).reference(3000),
  features: weatherFeatures,
  window: { rows: 500 },
  directory: false,
  analysis: 'worker',
  analysisWorkerUrl: workerUrl,
  onWindow: () => {
    windows += 1;
  },
  onError: error => void errors.push(String(error)),
});
await monitor.write(new Traffic(2).payloads(1500));
await monitor.close();
process.stdout.write(`${JSON.stringify({ windows, errors })}\n`);
