import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ballast, startRegistryServer } from './registry-server';
import { shareModel, writeSampleModel } from './share-model';

// One registry server, two MLflow clients (training and serving), then the CLI as a third.
const work = await mkdtemp(join(tmpdir(), 'ballast-shared-registry-'));
const server = await startRegistryServer(join(work, 'store'));
console.log(
  `ballast registry serve: MLflow REST API on ${server.url} (store ${join(work, 'store')})`,
);
try {
  const model = await writeSampleModel(join(work, 'model'));
  const shared = await shareModel(server.url, model, join(work, 'serving'));
  console.log(
    `training client: registered order-review version ${shared.registered.version} (${shared.registered.artifacts.length} artifacts, source ${shared.registered.source}) and set champion`,
  );
  console.log(
    `serving client: order-review@champion -> version ${shared.resolved.version}; downloaded ${(await readdir(shared.downloadedTo)).sort().join(', ')} (sha256 verified)`,
  );
  const shown = ballast(['registry', 'show', 'order-review@champion', '--mlflow', server.url]);
  console.log(
    `$ ballast registry show order-review@champion --mlflow ${server.url}\n${shown.stdout.trim()}`,
  );
} finally {
  console.log(`server stopped with exit code ${await server.stop()}`);
  await rm(work, { recursive: true, force: true });
}
