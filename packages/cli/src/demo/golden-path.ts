import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { DriftReport, Evidence, PolicyDecision, ValidationReport } from '@ballast/contracts';
import { inferSuite, validate } from '@ballast/data-validation';
import { detectDrift } from '@ballast/drift-stats';
import { mulberry32, sha256File } from '@ballast/kit';
import {
  createFileTransport,
  datasetNodeId,
  datasetVersionDatasetFacet,
  driftReportFacet,
  fileDataset,
  loadLineageStore,
  modelVersionDataset,
  startRun,
  toMermaid,
  validationReportFacet,
} from '@ballast/lineage';
import {
  createMonitor,
  type LabelRecord,
  type MonitorAlert,
  type WindowPerformance,
  type WindowResult,
} from '@ballast/monitor';
import { appendDecision, emitDecision, evaluate, parsePolicy } from '@ballast/policy-gates';
import { createFileRegistry } from '@ballast/registry-client';
import { createInferenceServer, functionModel, listen } from '@ballast/serving-core';
import { computeColumnDistributions } from '../report/column-distributions';
import { renderDriftReportHtml } from '../report/render-drift-html';
import { renderValidationReportHtml } from '../report/render-validation-html';
import {
  evaluateModel,
  type LogisticModel,
  predictProbability,
  trainLogisticRegression,
} from './logistic-regression';
import { promotionPolicyYaml } from './promotion-policy';
import {
  daysOf,
  FEATURES,
  featureRow,
  isRainy,
  readSeattleWeather,
  seattleWeatherPath,
  type WeatherDay,
} from './seattle-weather';

/** Options of {@link runGoldenPath}. */
export interface GoldenPathOptions {
  /** Where everything is written (default `.ballast/demo` in the working directory); cleared first. */
  outDir?: string;
  /** Shift the 2015 traffic by +8 °C on both temperatures (a heat wave, or a sensor offset). */
  drift?: boolean;
  /** Rows per monitor window (default 73: the 365 days of 2015 make five windows). */
  windowRows?: number;
  /** Rows per inference request (default 10). */
  batchRows?: number;
  /** Receives one line per step. */
  log?: (line: string) => void;
  /** Paths in the log lines are shown relative to this directory (default the working directory). */
  relativeTo?: string;
}

/** What one run of the golden path produced. */
export interface GoldenPathResult {
  version: string;
  metrics: { accuracy: number; roc_auc: number };
  decision: PolicyDecision;
  promoted: boolean;
  /** The alias the server answered under: `champion` when promoted, else `candidate` in shadow. */
  servedAlias: 'champion' | 'candidate';
  requests: { sent: number; failed: number; rows: number };
  /** Accuracy on the served 2015 traffic, from labels joined by the monitor. */
  realisedAccuracy: number;
  windows: WindowResult[];
  alerts: MonitorAlert[];
  driftReport: DriftReport;
  validationReport: ValidationReport;
  mermaid: string;
  /** Node ids of the lineage graph from the dataset to the deployed model. */
  lineageNodes: string[];
  paths: {
    outDir: string;
    suite: string;
    trainingValidation: string;
    model: string;
    registry: string;
    decisions: string;
    monitor: string;
    lineage: string;
    driftJson: string;
    driftHtml: string;
    validationJson: string;
    validationHtml: string;
    mermaid: string;
  };
}

const MODEL_NAME = 'weather-rain';
const NAMESPACE = 'ballast-examples';
const PRODUCER = 'https://github.com/ballast-dev/ballast/tree/main/packages/cli';
// Marks a directory as the golden path's output, so a rerun may clear it and nothing else.
const MARKER = '.golden-path';

function shuffled<T>(items: readonly T[], seed: number): T[] {
  // Seeded, so the replayed order of days is reproducible.
  const random = mulberry32(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

function columnsOf(days: readonly WeatherDay[]): Record<string, number[]> {
  return Object.fromEntries(FEATURES.map(feature => [feature, days.map(day => day[feature])]));
}

async function prepareOutDir(outDir: string): Promise<void> {
  if (existsSync(outDir)) {
    const entries = await readdir(outDir);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new Error(
        `${outDir} is not empty and was not written by the golden path; pass --out with an empty or new directory`,
      );
    }
    // Each run starts from a clean store, so its output (version 1, one decision, one graph)
    // is the same every time.
    await rm(outDir, { recursive: true, force: true });
  }
  await mkdir(outDir, { recursive: true });
  await writeFile(
    join(outDir, MARKER),
    'written by the ballast golden path (ballast demo); cleared on each run\n',
  );
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/**
 * The golden path on real public data: Seattle weather (vega-datasets) read with
 * data-validation's CSV reader; a suite inferred from 2012-2013 and checked; a logistic
 * regression trained to predict rain and evaluated on 2014; registered with metrics, dataset
 * versions and its artifact; gated by a YAML policy (decision log, `champion` alias only on
 * allow); served over the Open Inference Protocol with the monitor attached; the 2015 traffic
 * sent as HTTP requests; drift and validation reports written as JSON and HTML; every step
 * recorded as OpenLineage and drawn from the dataset to the deployed model.
 */
export async function runGoldenPath(options: GoldenPathOptions = {}): Promise<GoldenPathResult> {
  const outDir = resolve(options.outDir ?? join('.ballast', 'demo'));
  const log = options.log ?? (() => undefined);
  const base = options.relativeTo ?? process.cwd();
  const show = (path: string) => relative(base, path) || '.';
  const drift = options.drift ?? false;
  const windowRows = options.windowRows ?? 73;
  const batchRows = options.batchRows ?? 10;
  const paths: GoldenPathResult['paths'] = {
    outDir,
    suite: join(outDir, 'suite.json'),
    trainingValidation: join(outDir, 'reports', 'training-validation.json'),
    model: join(outDir, 'build', 'model', 'model.json'),
    registry: join(outDir, 'registry'),
    decisions: join(outDir, 'decisions.jsonl'),
    monitor: join(outDir, 'monitor'),
    lineage: join(outDir, 'lineage', 'events.jsonl'),
    driftJson: join(outDir, 'reports', 'traffic-2015-drift.json'),
    driftHtml: join(outDir, 'reports', 'traffic-2015-drift.html'),
    validationJson: join(outDir, 'reports', 'traffic-2015-validation.json'),
    validationHtml: join(outDir, 'reports', 'traffic-2015-validation.html'),
    mermaid: join(outDir, 'lineage', 'golden-path.mmd'),
  };
  await prepareOutDir(outDir);
  await mkdir(join(outDir, 'reports'), { recursive: true });
  const lineage = createFileTransport({ path: paths.lineage });
  const registryUri = `file://${paths.registry}`;

  // 1. Data: one CSV, three periods.
  const csvPath = seattleWeatherPath();
  const csvDigest = await sha256File(csvPath);
  const days = await readSeattleWeather(csvPath);
  const training = daysOf(days, 2012, 2013);
  const holdout = daysOf(days, 2014);
  const shift = drift ? 8 : 0;
  // 2015 replayed in a seeded random order of days: every window is then a sample of the whole
  // year, comparable with the all-year reference (in date order each window would differ from
  // it by season alone).
  const traffic = shuffled(daysOf(days, 2015), 2015).map(day =>
    shift === 0 ? day : { ...day, temp_max: day.temp_max + shift, temp_min: day.temp_min + shift },
  );
  const dataset = {
    namespace: 'npm://vega-datasets@3.2.1',
    name: 'data/seattle-weather.csv',
  };
  const datasetInput = {
    ...dataset,
    facets: {
      version: datasetVersionDatasetFacet({ datasetVersion: csvDigest.sha256.slice(0, 12) }),
    },
  };
  log(
    `data      read ${days.length} days of Seattle weather (vega-datasets, vendored in @ballast/cli): training ${training.length} (2012-2013), holdout ${holdout.length} (2014), traffic ${traffic.length} (2015${drift ? ', shifted +8 °C' : ''})`,
  );

  // 2. Infer a suite from the training data and validate the training data against it.
  const validateRun = await startRun(lineage, {
    job: { namespace: NAMESPACE, name: `${MODEL_NAME}.validate-training` },
    inputs: [datasetInput],
    producer: PRODUCER,
  });
  const suite = await inferSuite(training as unknown as Record<string, unknown>[], {
    name: 'seattle-weather',
  });
  await writeFile(paths.suite, `${JSON.stringify(suite, null, 2)}\n`);
  const trainingValidation = await validate(
    suite,
    training as unknown as Record<string, unknown>[],
  );
  await writeFile(paths.trainingValidation, `${JSON.stringify(trainingValidation, null, 2)}\n`);
  await validateRun.complete([
    {
      ...fileDataset(paths.trainingValidation),
      facets: { ballast_validationReport: validationReportFacet(trainingValidation) },
    },
  ]);
  const passedTraining = trainingValidation.results.filter(result => result.success).length;
  log(
    `validate  inferred a suite of ${suite.expectations.length} expectations; training data ${trainingValidation.success ? 'passes' : 'FAILS'} ${passedTraining}/${trainingValidation.results.length} -> ${show(paths.trainingValidation)}`,
  );

  // 3. Train and evaluate a logistic regression, export it as JSON.
  const trainRun = await startRun(lineage, {
    job: { namespace: NAMESPACE, name: `${MODEL_NAME}.train` },
    inputs: [datasetInput],
    producer: PRODUCER,
  });
  const model = trainLogisticRegression(
    training.map(featureRow),
    training.map(isRainy),
    [...FEATURES],
    'rain',
  );
  const evaluation = evaluateModel(model, holdout.map(featureRow), holdout.map(isRainy));
  const metrics = { accuracy: evaluation.accuracy, roc_auc: evaluation.roc_auc };
  await mkdir(join(outDir, 'build', 'model'), { recursive: true });
  await writeFile(paths.model, `${JSON.stringify(model, null, 2)}\n`);
  log(
    `train     logistic regression rain ~ ${FEATURES.join(' + ')}: accuracy ${metrics.accuracy.toFixed(3)}, ROC AUC ${metrics.roc_auc.toFixed(3)} on 2014 -> ${show(paths.model)}`,
  );

  // 4. Register it with metrics as tags, dataset versions and the artifact.
  const registry = createFileRegistry({ root: paths.registry });
  await registry.createRegisteredModel({
    name: MODEL_NAME,
    description: 'Will it rain in Seattle today? From temp_max, temp_min and wind.',
  });
  const registered = await registry.createModelVersion({
    name: MODEL_NAME,
    artifactPath: join(outDir, 'build', 'model'),
    runId: trainRun.runId,
    description: 'logistic regression, batch gradient descent on standardised features',
    tags: {
      accuracy: metrics.accuracy.toFixed(4),
      roc_auc: metrics.roc_auc.toFixed(4),
      framework: 'typescript-logistic-regression',
      features: FEATURES.join(','),
    },
    datasets: [
      { ...dataset, version: '2012-2013', fingerprint: csvDigest.sha256, role: 'training' },
      { ...dataset, version: '2014', fingerprint: csvDigest.sha256, role: 'evaluation' },
    ],
  });
  const version = registered.version;
  await registry.setAlias(MODEL_NAME, 'candidate', version);
  const modelOutput = modelVersionDataset(registered, { registryUri });
  await trainRun.complete([modelOutput]);
  log(
    `register  ${MODEL_NAME} version ${version} in ${show(paths.registry)}: ${registered.artifacts.length} artifact (sha256 ${registered.artifacts[0]?.sha256.slice(0, 12)}), 2 dataset versions, metrics as tags, alias candidate`,
  );

  // 5. The promotion gate: evidence, policy, decision log, alias only on allow.
  const driftReport = await detectDrift(columnsOf(training), columnsOf(traffic), {
    // PSI, with the industry's "significant shift" line at 0.25: 2015 was a warm year in
    // Seattle (a moderate shift a p-value test flags at this size), a heat wave is not.
    methodsByType: { numeric: 'psi' },
    thresholds: Object.fromEntries(FEATURES.map(feature => [feature, 0.25])),
  });
  const validationReport = await validate(suite, traffic as unknown as Record<string, unknown>[]);
  const downloaded = await registry.downloadArtifacts(
    registered,
    join(outDir, 'serving', MODEL_NAME, version),
  );
  const artifactDigests = await Promise.all(
    downloaded.artifacts.map(async artifact => ({
      path: artifact.path,
      sha256: (await sha256File(join(downloaded.directory, artifact.path))).sha256,
    })),
  );
  const evidence: Evidence = {
    kind: 'Evidence',
    specVersion: 'ballast.dev/v1',
    subject: { name: MODEL_NAME, version },
    modelVersion: registered,
    metrics: [
      { name: 'accuracy', value: metrics.accuracy, dataset: '2014' },
      { name: 'roc_auc', value: metrics.roc_auc, dataset: '2014' },
    ],
    evaluatedAt: new Date().toISOString(),
    driftReports: [driftReport],
    validationReports: [validationReport],
    artifactDigests,
  };
  const policy = parsePolicy(promotionPolicyYaml, { uri: 'promotion-policy.yaml' });
  const decision = evaluate(policy, evidence, { environment: 'production' });
  await appendDecision(paths.decisions, decision);
  await emitDecision(lineage, decision, {
    namespace: NAMESPACE,
    producer: PRODUCER,
    // With its facets (the version among them), so the graph joins it to the trained model.
    inputs: [modelOutput],
  });
  const promoted = decision.outcome !== 'deny';
  if (promoted) await registry.setAlias(MODEL_NAME, 'champion', version);
  const notPassed = decision.results.filter(result => result.status !== 'pass');
  const passedRules = decision.results.length - notPassed.length;
  const shifted = driftReport.columns
    .filter(column => column.drifted)
    .map(column => `${column.column} PSI ${column.statistic?.toFixed(2)}`);
  const why = notPassed
    .map(result =>
      result.ruleId === 'inputs-not-drifted' && shifted.length > 0
        ? `${result.ruleId} failed: ${shifted.join(', ')} >= 0.25`
        : `${result.ruleId} ${result.status}`,
    )
    .join('; ');
  log(
    `gate      policy ${policy.name}: ${decision.outcome.toUpperCase()}, ${passedRules}/${decision.results.length} rules passed${why ? ` (${why})` : ''}; ${promoted ? `champion -> version ${version}` : 'champion not moved'}; decision logged in ${show(paths.decisions)}`,
  );

  // 6. Serve the artifact over the Open Inference Protocol, the monitor as the payload sink.
  const servedAlias = promoted ? 'champion' : 'candidate';
  const served = await registry.getModelVersionByAlias(MODEL_NAME, servedAlias);
  const artifact = JSON.parse(
    await readFile(join(downloaded.directory, 'model.json'), 'utf8'),
  ) as LogisticModel;
  const serveRun = await startRun(lineage, {
    job: { namespace: NAMESPACE, name: `${MODEL_NAME}.serve` },
    inputs: [modelOutput],
    producer: PRODUCER,
  });
  const servingDataset = { namespace: NAMESPACE, name: `serving.${MODEL_NAME}.${version}` };
  const trainingScores = training.map(day => predictProbability(artifact, featureRow(day)));
  const windows: WindowResult[] = [];
  const alerts: MonitorAlert[] = [];
  const performance = new Map<number, WindowPerformance>();
  const labels: LabelRecord[] = [];
  const backgroundErrors: unknown[] = [];
  const monitor = createMonitor({
    model: { name: MODEL_NAME, version: served.version },
    reference: { ...columnsOf(training), rain_probability: trainingScores },
    features: { x: [...FEATURES], y: ['rain_probability'] },
    window: { rows: windowRows },
    // Four columns per window and five windows per run: a Bonferroni correction keeps the
    // chance of a false alarm per window near 5% instead of 20%.
    correction: 'bonferroni',
    directory: paths.monitor,
    lineage,
    lineageNamespace: NAMESPACE,
    // Ground truth arrives after the traffic (the day's rain is known by evening).
    performance: { task: 'binary', prediction: 'rain_probability' },
    onWindow: window => void windows.push(window),
    onPerformance: update => void performance.set(update.window, update),
    onAlert: alert => void alerts.push(alert),
    onError: error => void backgroundErrors.push(error),
  });
  const rainModel = functionModel({
    name: MODEL_NAME,
    version: served.version,
    inputs: [{ name: 'x', datatype: 'FP64', shape: [-1, FEATURES.length] }],
    outputs: [{ name: 'y', datatype: 'FP64', shape: [-1, 1] }],
    predict: ({ x }) => {
      const rows = x.shape[0] as number;
      const width = FEATURES.length;
      const y = Float64Array.from({ length: rows }, (_, row) =>
        predictProbability(artifact, x.data.subarray(row * width, (row + 1) * width)),
      );
      return { y: { shape: [rows, 1], data: y } };
    },
  });
  const server = createInferenceServer({
    models: [rainModel],
    metrics: { registry: monitor.registry },
    // The server closes its payload sink when it shuts down, but the labels of the last
    // requests arrive after that: the monitor is handed over without its close(), and this
    // pipeline closes it once the labels are in.
    payloadLogging: {
      sink: { specificationVersion: 'v1', write: records => monitor.write(records) },
      flushIntervalMs: 100,
    },
    onError: error => void backgroundErrors.push(error),
  });
  await server.waitUntilLoaded();
  const listener = await listen(server, { host: '127.0.0.1', port: 0 });
  const endpoint = `${listener.url}/v2/models/${MODEL_NAME}`;
  log(
    `serve     ${MODEL_NAME} version ${served.version} (${servedAlias}${promoted ? '' : ', in shadow: the gate denied it'}) at ${endpoint} (Open Inference Protocol), monitor attached: windows of ${windowRows} rows vs the training data`,
  );

  // 7. Send the 2015 traffic as real HTTP requests, then close the server and flush the monitor.
  let sent = 0;
  let failed = 0;
  try {
    for (let start = 0; start < traffic.length; start += batchRows) {
      const batch = traffic.slice(start, start + batchRows);
      const response = await fetch(`${endpoint}/infer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: `2015-${String(sent).padStart(3, '0')}`,
          inputs: [
            {
              name: 'x',
              shape: [batch.length, FEATURES.length],
              datatype: 'FP64',
              data: batch.map(featureRow),
            },
          ],
        }),
      });
      await response.arrayBuffer();
      const requestId = `2015-${String(sent).padStart(3, '0')}`;
      batch.forEach((day, row) => {
        labels.push({
          requestId: batch.length === 1 ? requestId : `${requestId}#${row}`,
          label: isRainy(day),
        });
      });
      sent += 1;
      if (!response.ok) failed += 1;
    }
  } finally {
    // Closing the listener drains the payload logger into the monitor; close() then analyses
    // the last window.
    await listener.close();
    await monitor.flush();
    await monitor.recordLabels(labels);
    await monitor.close();
    await serveRun.complete([servingDataset]);
  }
  const opened = alerts.filter(alert => alert.status === 'open');
  const labelled = [...performance.values()].reduce((sum, update) => sum + update.labelled, 0);
  const realisedAccuracy =
    [...performance.values()].reduce(
      (sum, update) => sum + (update.realised.accuracy ?? 0) * update.labelled,
      0,
    ) / Math.max(1, labelled);
  log(
    `traffic   sent ${traffic.length} rows of 2015 in ${sent} requests (${failed} failed); monitor: ${windows.length} windows, ${windows.filter(window => window.drift.dataset.drifted).length} with dataset drift, ${opened.length} alert${opened.length === 1 ? '' : 's'} opened${opened.length > 0 ? ` (${opened.map(alert => (alert.feature === '__dataset__' ? 'dataset' : alert.feature)).join(', ')})` : ''}, realised accuracy ${realisedAccuracy.toFixed(3)} from ${labelled} late labels -> ${show(paths.monitor)}`,
  );
  if (backgroundErrors.length > 0) {
    log(
      `warning   ${backgroundErrors.length} background error(s) in serving or monitoring; first: ${(backgroundErrors[0] as Error)?.message ?? String(backgroundErrors[0])}`,
    );
  }

  // 8. Reports of the 2015 traffic: drift and validation, as JSON and self-contained HTML.
  const reportRun = await startRun(lineage, {
    job: { namespace: NAMESPACE, name: `${MODEL_NAME}.report` },
    inputs: [datasetInput, servingDataset],
    producer: PRODUCER,
  });
  await writeFile(paths.driftJson, `${JSON.stringify(driftReport, null, 2)}\n`);
  await writeFile(
    paths.driftHtml,
    renderDriftReportHtml(driftReport, {
      title: `Drift of the 2015 traffic${drift ? ' (+8 °C)' : ''} vs 2012-2013`,
      referenceName: 'seattle-weather.csv, 2012-2013',
      currentName: `seattle-weather.csv, 2015${drift ? ' +8 °C' : ''}`,
      distributions: computeColumnDistributions(
        driftReport,
        columnsOf(training),
        columnsOf(traffic),
      ),
    }),
  );
  await writeFile(paths.validationJson, `${JSON.stringify(validationReport, null, 2)}\n`);
  await writeFile(
    paths.validationHtml,
    renderValidationReportHtml(validationReport, {
      dataName: `seattle-weather.csv, 2015${drift ? ' +8 °C' : ''}`,
    }),
  );
  await reportRun.complete([
    {
      ...fileDataset(paths.driftJson),
      facets: { ballast_driftReport: driftReportFacet(driftReport) },
    },
    {
      ...fileDataset(paths.validationJson),
      facets: { ballast_validationReport: validationReportFacet(validationReport) },
    },
  ]);
  const drifted = driftReport.columns.filter(column => column.drifted).map(column => column.column);
  const passedTraffic = validationReport.results.filter(result => result.success).length;
  log(
    `reports   drift: ${driftReport.dataset.drifted ? 'DATASET DRIFT' : 'no dataset drift'} (${drifted.length}/${driftReport.columns.length} columns${drifted.length > 0 ? `: ${drifted.join(', ')}` : ''}) -> ${show(paths.driftHtml)} (+ .json); validation: ${passedTraffic}/${validationReport.results.length} passed -> ${show(paths.validationHtml)} (+ .json)`,
  );

  // 9. Lineage: the graph from the dataset to the deployed model.
  await lineage.close?.();
  const store = await loadLineageStore({ paths: [paths.lineage] });
  const graph = store.upstream(datasetNodeId(servingDataset.namespace, servingDataset.name));
  const mermaid = toMermaid(graph);
  await writeFile(paths.mermaid, `${mermaid}\n`);
  const lineageNodes = graph.graph.map(node => node.id);
  log(
    `lineage   ${store.events().length} OpenLineage events in ${show(paths.lineage)}; from the dataset to the deployed model (${show(paths.mermaid)}):`,
  );

  return {
    version,
    metrics,
    decision,
    promoted,
    servedAlias,
    requests: { sent, failed, rows: traffic.length },
    realisedAccuracy,
    windows,
    alerts,
    driftReport,
    validationReport,
    mermaid,
    lineageNodes,
    paths,
  };
}

/** The closing summary lines of a run. */
export function summarizeGoldenPath(
  result: GoldenPathResult,
  relativeTo = process.cwd(),
): string[] {
  const opened = result.alerts.filter(alert => alert.status === 'open');
  return [
    `${MODEL_NAME} v${result.version}: accuracy ${percent(result.metrics.accuracy)} on 2014 (${percent(result.realisedAccuracy)} realised on 2015), ROC AUC ${result.metrics.roc_auc.toFixed(3)}; gate ${result.decision.outcome}${result.promoted ? ', now the champion' : ', not promoted'}.`,
    ...(opened.length > 0
      ? opened.map(
          alert =>
            `ALERT: ${alert.feature === '__dataset__' ? 'dataset drift' : `drift of ${alert.feature}`} opened at window ${alert.openedWindow + 1} of ${result.windows.length}${alert.method ? ` (${alert.method} statistic ${alert.statistic?.toFixed(3)})` : ''}`,
        )
      : [
          `No alerts: the ${result.windows.length} windows of served traffic look like the training data.`,
        ]),
    `Everything is in ${relative(relativeTo, result.paths.outDir) || '.'}/ (reports in reports/, open the .html files in a browser).`,
  ];
}
