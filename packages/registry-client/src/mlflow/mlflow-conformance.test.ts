import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vitest from 'vitest';
import { describeRegistryConformance } from '../conformance/registry-conformance';
import { createFileRegistry } from '../file-registry';
import { createMlflowRegistry } from './mlflow-registry';
import { serveMlflowApi } from './serve-mlflow-api';

// The same suite as the file registry, through the MLflow client over real HTTP on loopback.
describeRegistryConformance(
  'MLflow client over HTTP against serveMlflowApi',
  async () => {
    const root = await mkdtemp(join(tmpdir(), 'mlflow-registry-'));
    const server = await serveMlflowApi(createFileRegistry({ root }), {
      port: 0,
      host: '127.0.0.1',
    });
    return {
      registry: createMlflowRegistry({ trackingUri: server.url, retries: 0 }),
      cleanup: async () => {
        await server.close();
        await rm(root, { recursive: true, force: true });
      },
    };
  },
  vitest,
);
