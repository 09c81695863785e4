// Registry lookups at 10 000 versions: search by tag and get-by-alias latency on the embedded
// file backend, and the same calls through the MLflow client over HTTP (serveMlflowApi on
// loopback). There is no Python peer here (no MLflow server can run on this machine), so the
// comparison is file vs HTTP, with absolute figures.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createFileRegistry,
  createMlflowRegistry,
  type Registry,
  serveMlflowApi,
} from '@ballast/registry-client';
import type { BenchmarkResult, BenchmarkRow } from '../results';

const MODELS = 10;
const VERSIONS_PER_MODEL = 1000;
const SHARDS = 100;

function percentile(sorted: number[], fraction: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

async function measure(
  iterations: number,
  task: () => Promise<unknown>,
): Promise<Record<string, number>> {
  for (let warmup = 0; warmup < Math.min(20, iterations); warmup += 1) await task();
  const samples: number[] = [];
  const started = performance.now();
  for (let iteration = 0; iteration < iterations; iteration += 1) {
    const before = performance.now();
    await task();
    samples.push(performance.now() - before);
  }
  const total = performance.now() - started;
  samples.sort((a, b) => a - b);
  return {
    iterations,
    p50Ms: percentile(samples, 0.5),
    p99Ms: percentile(samples, 0.99),
    meanMs: total / iterations,
    opsPerSecond: (iterations * 1000) / total,
  };
}

async function lookups(subject: string, registry: Registry): Promise<BenchmarkRow[]> {
  let hits = 0;
  const search = await measure(200, async () => {
    const page = await registry
      .searchModelVersions({ filter: "tags.shard = '42'", maxResults: 1000 })
      .firstPage();
    hits = page.items.length;
  });
  if (hits !== (MODELS * VERSIONS_PER_MODEL) / SHARDS)
    throw new Error(`search found ${hits} versions`);
  const byAlias = await measure(1000, () => registry.getModelVersionByAlias('model-7', 'champion'));
  return [
    { case: `search by tag (10k versions, ${hits} hits)`, subject, metrics: search },
    { case: 'get model version by alias (10k versions)', subject, metrics: byAlias },
  ];
}

export async function run(): Promise<BenchmarkResult> {
  const root = await mkdtemp(join(tmpdir(), 'bench-registry-'));
  try {
    const registry = createFileRegistry({ root });
    const setupStarted = performance.now();
    for (let model = 0; model < MODELS; model += 1) {
      const name = `model-${model}`;
      await registry.createRegisteredModel({ name });
      for (let index = 0; index < VERSIONS_PER_MODEL; index += 1) {
        await registry.createModelVersion({
          name,
          artifacts: [],
          source: `s3://bench/${name}/${index}`,
          tags: { shard: String((model * VERSIONS_PER_MODEL + index) % SHARDS) },
        });
      }
      await registry.setAlias(name, 'champion', String(VERSIONS_PER_MODEL / 2));
    }
    const setupMs = performance.now() - setupStarted;
    const versions = MODELS * VERSIONS_PER_MODEL;

    // A fresh instance, as another process would open the store: the first call loads the journal.
    const reopened = createFileRegistry({ root });
    const openStarted = performance.now();
    await reopened.getModelVersionByAlias('model-0', 'champion');
    const openMs = performance.now() - openStarted;

    const fileRows = await lookups('file backend', reopened);
    const server = await serveMlflowApi(reopened, { port: 0, host: '127.0.0.1' });
    let httpRows: BenchmarkRow[];
    try {
      httpRows = await lookups(
        'MLflow client over HTTP (serveMlflowApi)',
        createMlflowRegistry({ trackingUri: server.url }),
      );
    } finally {
      await server.close();
    }
    const p50 = (rows: BenchmarkRow[], index: number) => rows[index]?.metrics.p50Ms as number;
    return {
      suite: 'registry-client',
      title:
        'registry-client: lookups at 10 000 model versions (file backend vs MLflow REST over HTTP)',
      notes: [
        `${MODELS} models x ${VERSIONS_PER_MODEL} versions, tag shard = index mod ${SHARDS}; alias champion on every model.`,
        "No Python/MLflow peer can run here: HTTP figures are this package's MLflow client against its own serveMlflowApi on 127.0.0.1, backed by the same file store.",
        'Search returns one page of up to 1000 (all 100 hits); HTTP includes JSON encoding of the 100 versions, the prompt-exclusion clause and request parsing.',
        'Measured once on a shared 2-core machine under load from other builds; treat the figures as indicative.',
      ],
      rows: [
        {
          case: 'setup: createModelVersion (file backend, fsynced journal append)',
          subject: 'file backend',
          metrics: { iterations: versions, meanMs: setupMs / versions, totalMs: setupMs },
        },
        {
          case: 'open: first call of a fresh instance (replays the journal of 10k versions)',
          subject: 'file backend',
          metrics: { iterations: 1, meanMs: openMs },
        },
        ...fileRows,
        ...httpRows,
      ],
      ratios: [
        { name: 'search by tag p50: HTTP / file', value: p50(httpRows, 0) / p50(fileRows, 0) },
        { name: 'get by alias p50: HTTP / file', value: p50(httpRows, 1) / p50(fileRows, 1) },
      ],
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
