// A stand-in analysis worker for the failure tests: it answers that every window's analysis
// failed there.
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', message => {
  if (message.type === 'window') parentPort?.postMessage({ id: message.id, failed: true });
});
