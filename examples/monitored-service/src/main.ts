// Starts the monitored service and, unless --serve-only, runs the demo: 8 windows of traffic like
// the training data, then 6 windows where income and utilization have shifted. Each window and
// each alert is printed; afterwards the service keeps serving (/metrics for Prometheus) until
// Ctrl-C, or exits at once with --exit.
//
//   pnpm --filter @ballast-examples/monitored-service start [--port 8080 --exit --fresh]
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { monitorMetricNames } from '@ballast/monitor';
import { startService } from './service';
import { sendTraffic } from './traffic';

const { values } = parseArgs({
  // pnpm 10 passes a `--` separator through to the script.
  args: process.argv.slice(2).filter(arg => arg !== '--'),
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8080' },
    directory: { type: 'string', default: '.ballast/monitor' },
    'serve-only': { type: 'boolean', default: false },
    exit: { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
  },
});

const windowRows = 2000;
const rowsPerRequest = 100;
const cleanWindows = 8;
const driftedWindows = 6;

// The monitor resumes its windows and alerts from this directory after a restart.
if (values.fresh) await rm(values.directory, { recursive: true, force: true });

let windowsSeen = 0;
const service = await startService({
  host: values.host,
  port: Number(values.port),
  directory: values.directory,
  window: { rows: windowRows },
  payloadFlushIntervalMs: 200,
  onWindow: window => {
    windowsSeen += 1;
    const drifted = window.drift.columns
      .filter(column => column.drifted)
      .map(column => `${column.column} (${column.method} ${column.statistic?.toFixed(3)})`);
    const estimate = window.estimated?.accuracy;
    const accuracy = estimate ? `, estimated accuracy ${estimate.value.toFixed(3)}` : '';
    console.log(
      `window ${window.index}: ${window.rows} rows, drifted: ${drifted.join(', ') || 'none'}${accuracy}`,
    );
  },
  onAlert: alert =>
    console.log(
      `ALERT ${alert.status}: ${alert.feature} (${alert.kind}) opened at window ${alert.openedWindow}` +
        (alert.statistic == null
          ? ''
          : `, ${alert.method ?? 'drift share'} ${alert.statistic.toFixed(3)}`),
    ),
  onDrift: ({ opened }) =>
    console.log(`retraining hook: ${opened.map(alert => alert.feature).join(', ')}`),
});
console.log(
  `serving ${service.url}/v2/models/default-risk/infer, metrics at ${service.url}/metrics`,
);

const shutdown = async () => {
  await service.close();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

if (!values['serve-only']) {
  const requests = ((cleanWindows + driftedWindows) * windowRows) / rowsPerRequest;
  console.log(
    `sending ${cleanWindows} windows of unchanged traffic, then ${driftedWindows} drifted (income -1 sd, utilization +1 sd)`,
  );
  await sendTraffic({
    url: service.url,
    requests,
    rowsPerRequest,
    driftAfterRequests: (cleanWindows * windowRows) / rowsPerRequest,
    idPrefix: `demo-${Date.now()}`,
  });
  // The payload log reaches the monitor in the background: wait for the last window.
  const deadline = Date.now() + 60_000;
  while (windowsSeen < cleanWindows + driftedWindows && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  const metrics = await service.registry.metrics();
  const shown = [
    monitorMetricNames.featureDrifted,
    monitorMetricNames.alertsOpen,
    monitorMetricNames.estimatedPerformance,
    monitorMetricNames.realisedPerformance,
  ];
  console.log('\n/metrics (excerpt):');
  for (const line of metrics.split('\n')) {
    const accuracyOrOther = !line.includes('metric=') || line.includes('metric="accuracy"');
    if (accuracyOrOther && shown.some(name => line.startsWith(`${name}{`))) console.log(line);
  }
  if (values.exit) await shutdown();
  console.log('\nstill serving; Ctrl-C to stop');
}
