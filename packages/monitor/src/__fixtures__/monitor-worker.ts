// A child process for the crash test: it feeds batches of seeded traffic to a monitor that
// checkpoints after every write, reports each acknowledged batch, then waits to be killed.
// Arguments: directory, first and last batch, then optionally the analysis worker's URL (the
// monitor then analyses in that worker; inline without it).
import { Traffic, weatherFeatures } from './traffic';
import { createMonitor } from '../monitor/create-monitor';

const [directory, from, to, workerUrl] = process.argv.slice(2) as [
  string,
  string,
  string,
  string | undefined,
];
const monitor = createMonitor({
  model: { name: 'weather', version: '1' },
  reference: new Traffic(1).reference(3000),
  features: weatherFeatures,
  window: { rows: 1000 },
  directory,
  checkpointIntervalMs: 0,
  ...(workerUrl
    ? { analysis: 'worker' as const, analysisWorkerUrl: workerUrl }
    : { analysis: 'inline' as const }),
});
for (let batch = Number(from); batch < Number(to); batch += 1) {
  await monitor.write(new Traffic(100 + batch).payloads(300));
  process.send?.({ acked: batch });
}
process.send?.({ waiting: true });
setInterval(() => {}, 1000);
