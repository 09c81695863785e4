// Child process for the concurrency and crash tests: creates `count` versions of one model
// in the registry at `root`, then reports the version numbers it got to the parent. With a
// fifth argument naming a fault point, it kills itself with SIGKILL when a write reaches it.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openFileRegistry } from '../file-registry';
import type { FaultPoint } from '../file-store/fault-points';

const [root, model, countText, label, crashAt] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  FaultPoint | undefined,
];
const registry = openFileRegistry(
  { root },
  crashAt === undefined
    ? undefined
    : {
        reach(point) {
          if (point === crashAt) process.kill(process.pid, 'SIGKILL');
        },
      },
);
const artifact = join(root, `..`, `artifact-${label}-${process.pid}.bin`);
await writeFile(artifact, `weights from ${label}`);
// Start together with the other workers, so their writes overlap.
if (process.env.REGISTRY_WORKER_BARRIER === '1') {
  await new Promise<void>(resolve => {
    process.once('message', () => resolve());
    process.send?.({ ready: true });
  });
}
const versions: string[] = [];
for (let index = 0; index < Number(countText); index += 1) {
  const version = await registry.createModelVersion({
    name: model,
    artifactPath: artifact,
    tags: { writer: label, index: String(index) },
  });
  versions.push(version.version);
}
process.send?.({ versions });
