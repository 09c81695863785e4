import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Approval, Evidence, PolicyDecision } from '@ballast/contracts';
import { parseSuite, renderSummary, validate } from '@ballast/data-validation';
import { detectDrift } from '@ballast/drift-stats';
import { createFileTransport, fileDataset, modelVersionDataset, startRun } from '@ballast/lineage';
import {
  appendDecision,
  emitDecision,
  evaluate,
  parsePolicy,
  renderText,
} from '@ballast/policy-gates';
import { createFileRegistry } from '@ballast/registry-client';
import { syntheticTransactions } from './synthetic-transactions';
import { evaluateThresholdModel, trainThresholdModel } from './threshold-model';

/** Options of {@link runPromotionPipeline}. */
export interface PromotionPipelineOptions {
  /** Where the embedded registry, lineage and decision log live (`.ballast` by default). */
  workDirectory?: string;
  /** Multiplies serving amounts: 1 matches training, 3 is a strong drift. */
  servingAmountScale?: number;
  /** Reviewers' decisions recorded as evidence. */
  approvals?: Approval[];
  /** Who registered the model; the approvals rule refuses self-approval. */
  author?: string;
  now?: Date;
}

/** What one promotion attempt produced. */
export interface PromotionPipelineResult {
  decision: PolicyDecision;
  promoted: boolean;
  version: string;
  summary: string;
  paths: { registry: string; lineage: string; decisions: string };
}

const modelName = 'fraud-detector';
const producer = 'https://github.com/ballast-dev/ballast/tree/main/examples/promotion-gate';
const readAsset = (name: string) => readFile(new URL(`./${name}`, import.meta.url), 'utf8');

/**
 * Trains a small fraud model, registers it in the embedded registry, validates and compares
 * serving data with the training data, gates the promotion with a policy, records the
 * decision in a hash-chained log and every step as OpenLineage events, and moves the
 * `champion` alias only when the gate allows it.
 */
export async function runPromotionPipeline(
  options: PromotionPipelineOptions = {},
): Promise<PromotionPipelineResult> {
  const now = options.now ?? new Date();
  const workDirectory = options.workDirectory ?? '.ballast';
  const paths = {
    registry: join(workDirectory, 'registry'),
    lineage: join(workDirectory, 'lineage', 'events.jsonl'),
    decisions: join(workDirectory, 'decisions.jsonl'),
  };
  const author = options.author ?? 'alice@example.com';
  const emitter = createFileTransport({ path: paths.lineage });
  // A spread copy: the builder's interface type has no index signature, the run input needs one.
  const trainingData = { ...fileDataset(join(workDirectory, 'data', 'training.json')) };

  const training = syntheticTransactions({ rows: 4000, seed: 1 });
  const evaluation = syntheticTransactions({ rows: 2000, seed: 2 });
  const serving = syntheticTransactions({
    rows: 2000,
    seed: 3,
    amountScale: options.servingAmountScale ?? 1,
    missingCountryShare: 0.01,
  });

  // Train and register, recorded as one lineage run.
  const trainingRun = await startRun(emitter, {
    job: { namespace: 'ballast-examples', name: 'fraud-detector.train' },
    inputs: [trainingData],
  });
  const model = trainThresholdModel(training);
  const artifactDirectory = join(workDirectory, 'build', 'model');
  await mkdir(join(workDirectory, 'data'), { recursive: true });
  await mkdir(artifactDirectory, { recursive: true });
  await writeFile(join(workDirectory, 'data', 'training.json'), JSON.stringify(training));
  await writeFile(join(artifactDirectory, 'model.json'), `${JSON.stringify(model, null, 2)}\n`);

  const registry = createFileRegistry({ root: paths.registry });
  await registry.createRegisteredModel({ name: modelName }).catch(async error => {
    // A second run reuses the model; anything else is a real failure.
    if ((error as { code?: string }).code !== 'RESOURCE_ALREADY_EXISTS') throw error;
  });
  const registered = await registry.createModelVersion({
    name: modelName,
    artifactPath: artifactDirectory,
    runId: trainingRun.runId,
    datasets: [{ namespace: trainingData.namespace, name: trainingData.name, role: 'training' }],
    tags: { author },
  });
  await trainingRun.complete([
    modelVersionDataset(registered, { registryUri: `file://${paths.registry}` }),
  ]);

  // Evidence: metrics, data validation and drift of serving data, approvals, artifact digests.
  const suite = parseSuite(await readAsset('transactions-suite.yaml'), {
    sourceName: 'transactions-suite.yaml',
  });
  const validationReport = await validate(suite, serving);
  const driftReport = await detectDrift(
    training.map(({ amount, country, channel }) => ({ amount, country, channel })),
    serving.map(({ amount, country, channel }) => ({ amount, country, channel })),
  );
  const downloaded = await registry.downloadArtifacts(
    registered,
    join(workDirectory, 'build', 'check'),
  );
  const artifactDigests = await Promise.all(
    downloaded.artifacts.map(async artifact => ({
      path: artifact.path,
      sha256: createHash('sha256')
        .update(await readFile(join(downloaded.directory, artifact.path)))
        .digest('hex'),
    })),
  );
  const evidence: Evidence = {
    kind: 'Evidence',
    specVersion: 'ballast.dev/v1',
    subject: { name: modelName, version: registered.version },
    author,
    modelVersion: registered,
    metrics: evaluateThresholdModel(model, evaluation),
    evaluatedAt: now.toISOString(),
    driftReports: [driftReport],
    validationReports: [validationReport],
    approvals: options.approvals ?? [],
    artifactDigests,
  };

  const policy = parsePolicy(await readAsset('promotion-policy.yaml'), {
    uri: 'promotion-policy.yaml',
  });
  const decision = evaluate(policy, evidence, { environment: 'production', now });
  await appendDecision(paths.decisions, decision);
  await emitDecision(emitter, decision, { namespace: 'ballast-examples', producer });

  const promoted = decision.outcome !== 'deny';
  if (promoted) await registry.setAlias(modelName, 'champion', registered.version);
  await emitter.close?.();

  return {
    decision,
    promoted,
    version: registered.version,
    summary: [renderSummary(validationReport), renderText(decision)].join('\n'),
    paths,
  };
}
