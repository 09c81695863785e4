// Child process for file-lock.crash.test.ts; run from a transpiled copy of the lock sources.
// Usage: node lock-worker.mjs <mode> <lockPath> <workDir> [count]
//   count <n>      increment <workDir>/counter n times under the lock, then exit 0
//   hammer         increment forever under the lock (the parent SIGKILLs it)
//   die-at <point> acquire with a fault point that SIGKILLs this process there
import { openSync, closeSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acquireFileLockWithFaults } from './file-lock.mjs';

const [mode, lockPath, workDir, extra] = process.argv.slice(2);
const counterPath = join(workDir, 'counter');
const sentinelPath = join(workDir, 'inside');
const overlapPath = join(workDir, 'OVERLAP');

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code !== 'ESRCH';
  }
}

// Enter the critical section: a sentinel file names who is inside. Finding a live process's
// sentinel means two holders at once.
function enter() {
  for (;;) {
    try {
      const fd = openSync(sentinelPath, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(sentinelPath, 'utf8') || '0');
      if (holder > 0 && alive(holder)) {
        writeFileSync(overlapPath, `${process.pid} found ${holder} inside\n`, { flag: 'a' });
        process.exit(3);
      }
      // Left by a holder that was killed inside the section (or killed while writing it).
      try {
        unlinkSync(sentinelPath);
      } catch {}
    }
  }
}

function leave() {
  unlinkSync(sentinelPath);
}

function increment() {
  let value = 0;
  try {
    value = Number(readFileSync(counterPath, 'utf8')) || 0;
  } catch {}
  writeFileSync(counterPath, String(value + 1));
}

const die = () => process.kill(process.pid, 'SIGKILL');

async function once(faults) {
  const lock = await acquireFileLockWithFaults(
    lockPath,
    { timeoutMs: 20_000, retryIntervalMs: 20 },
    faults,
  );
  enter();
  increment();
  // Yield inside the critical section so that other holders, if the lock were broken, overlap.
  await new Promise(resolve => setTimeout(resolve, 2));
  leave();
  await lock.release();
}

if (mode === 'count') {
  for (let index = 0; index < Number(extra); index++) await once(undefined);
  process.exit(0);
} else if (mode === 'hammer') {
  // Ready once it has been through the lock, so every kill lands in a busy exchange.
  await once(undefined);
  process.send?.('ready');
  for (;;) await once(undefined);
} else if (mode === 'die-at') {
  await acquireFileLockWithFaults(
    lockPath,
    { timeoutMs: 20_000, retryIntervalMs: 20 },
    { [extra]: die },
  );
  // Reaching here means the fault point was never passed.
  process.exit(4);
}
