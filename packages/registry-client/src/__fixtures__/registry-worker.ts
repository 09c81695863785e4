// Child process for the concurrency and crash tests: creates `count` versions of one model
// in the registry at `root`, then reports the version numbers it got to the parent.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createFileRegistry } from '../file-registry';

const [root, model, countText, label] = process.argv.slice(2) as [string, string, string, string];
const registry = createFileRegistry({ root });
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
