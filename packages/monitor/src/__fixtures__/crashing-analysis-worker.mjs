// A stand-in analysis worker for the failure tests: its thread stops on the first window.
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', message => {
  if (message.type === 'window') process.exit(3);
});
