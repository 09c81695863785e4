// Traffic generator: sends Open Inference Protocol requests over HTTP, drawn like the training
// data (scripts/generate-model.py) until `driftAfterRequests`, then with income one standard
// deviation lower and utilization one standard deviation higher (a downturn). It also knows the
// true outcome of every row and posts those labels later, as a loan book would.
//
//   pnpm --filter @ballast-examples/monitored-service traffic --url http://127.0.0.1:8080
import { parseArgs } from 'node:util';
import { mulberry32 } from '@ballast/kit';

/** Seeded uniform random numbers in (0, 1) (mulberry32). */
export function seededRandom(seed: number): () => number {
  const next = mulberry32(seed);
  // Half a step up from [0, 1): never exactly 0, so logarithms of it stay finite.
  return () => next() + 0.5 / 4_294_967_296;
}

function normal(random: () => number, mean: number, sd: number): number {
  return mean + sd * Math.sqrt(-2 * Math.log(random())) * Math.cos(2 * Math.PI * random());
}

/** One applicant: the model's four features and the true outcome. */
export interface Applicant {
  features: [income: number, debtRatio: number, age: number, utilization: number];
  label: 0 | 1;
}

/** Draws applicants as the generator script does; `drifted` shifts income and utilization. */
export function drawApplicants(random: () => number, rows: number, drifted: boolean): Applicant[] {
  return Array.from({ length: rows }, () => {
    const income = normal(random, drifted ? 45 : 60, 15);
    const debtRatio = normal(random, 0.35, 0.1);
    const age = normal(random, 42, 11);
    const utilization = normal(random, drifted ? 0.6 : 0.45, 0.15);
    // The true process does not change (covariate shift only): P(default | features) is fixed.
    const logit =
      -0.05 * (income - 60) +
      8 * (debtRatio - 0.35) -
      0.03 * (age - 42) +
      5 * (utilization - 0.45) -
      1;
    const label = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    return { features: [income, debtRatio, age, utilization], label };
  });
}

/** Options of {@link sendTraffic}. */
export interface TrafficOptions {
  /** Base URL of the service. */
  url: string;
  /** Requests to send. */
  requests: number;
  /** Rows per request (default 100). */
  rowsPerRequest?: number;
  /** Request index from which traffic drifts (default: half of `requests`; Infinity never). */
  driftAfterRequests?: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Random seed (default 7). */
  seed?: number;
  /**
   * Post the true labels to `/labels` this many ms after each answer (default 2000), or false to
   * only return them. Ground truth arrives later in real life, and a label must not overtake its
   * prediction: served payloads reach the monitor in the background, and a label for a row the
   * monitor has not seen yet counts as `unknown`.
   */
  labelDelayMs?: number | false;
  /** Prefix of request ids (default `req`). */
  idPrefix?: string;
  /** Called after every answered request. */
  onResponse?: (index: number, probabilities: number[]) => void;
}

/** What {@link sendTraffic} sent, and what became of the labels. */
export interface TrafficSummary {
  requests: number;
  rows: number;
  driftedRows: number;
  /** Label outcomes reported by the service (`joined`, `late`, `unknown`) for posted labels. */
  labels: Record<string, number>;
  /** The true label of every row sent, by row id (`<requestId>#<row>`). */
  groundTruth: GroundTruth[];
}

/** The true outcome of one served row. */
export interface GroundTruth {
  requestId: string;
  label: number;
}

/** Posts labels to the service's `/labels` (5000 per request) and returns its join summary. */
export async function postLabels(
  url: string,
  labels: readonly GroundTruth[],
): Promise<Record<string, number>> {
  const summary: Record<string, number> = {};
  for (let start = 0; start < labels.length; start += 5000) {
    const posted = await fetch(`${url}/labels`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ labels: labels.slice(start, start + 5000) }),
    });
    if (!posted.ok) throw new Error(`labels: ${posted.status} ${await posted.text()}`);
    for (const [outcome, count] of Object.entries((await posted.json()) as Record<string, number>))
      summary[outcome] = (summary[outcome] ?? 0) + count;
  }
  return summary;
}

/** Sends the traffic and resolves with what was sent, once every label was posted. */
export async function sendTraffic(options: TrafficOptions): Promise<TrafficSummary> {
  const rowsPerRequest = options.rowsPerRequest ?? 100;
  const driftAfter = options.driftAfterRequests ?? Math.floor(options.requests / 2);
  const random = seededRandom(options.seed ?? 7);
  const prefix = options.idPrefix ?? 'req';
  // Drawn in request order up front, so the traffic is the same whatever the concurrency.
  const batches = Array.from({ length: options.requests }, (_, index) =>
    drawApplicants(random, rowsPerRequest, index >= driftAfter),
  );
  const labelOutcomes: Record<string, number> = {};
  const labelPosts: Promise<void>[] = [];
  const groundTruth: GroundTruth[] = [];
  const labelDelayMs = options.labelDelayMs ?? 2000;
  const postLater = async (labels: GroundTruth[], delayMs: number) => {
    await new Promise(resolve => setTimeout(resolve, delayMs));
    for (const [outcome, count] of Object.entries(await postLabels(options.url, labels)))
      labelOutcomes[outcome] = (labelOutcomes[outcome] ?? 0) + count;
  };
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const index = next++;
      const applicants = batches[index] as Applicant[];
      const id = `${prefix}-${index}`;
      const response = await fetch(`${options.url}/v2/models/default-risk/infer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id,
          inputs: [
            {
              name: 'x',
              datatype: 'FP32',
              shape: [applicants.length, 4],
              data: applicants.map(applicant => applicant.features),
            },
          ],
        }),
      });
      if (!response.ok)
        throw new Error(`request ${id}: ${response.status} ${await response.text()}`);
      const answer = (await response.json()) as { outputs: { data: number[] }[] };
      options.onResponse?.(index, answer.outputs[0]?.data ?? []);
      const labels = applicants.map((applicant, row) => ({
        requestId: `${id}#${row}`,
        label: applicant.label as number,
      }));
      groundTruth.push(...labels);
      if (labelDelayMs !== false) {
        const posting = postLater(labels, labelDelayMs);
        posting.catch(() => {}); // reported by the Promise.all below, not as unhandled
        labelPosts.push(posting);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  await Promise.all(labelPosts);
  const rows = options.requests * rowsPerRequest;
  const drifted = Math.max(0, options.requests - Math.min(driftAfter, options.requests));
  return {
    requests: options.requests,
    rows,
    driftedRows: drifted * rowsPerRequest,
    labels: labelOutcomes,
    groundTruth,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    // pnpm 10 passes a `--` separator through to the script.
    args: process.argv.slice(2).filter(arg => arg !== '--'),
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:8080' },
      requests: { type: 'string', default: '400' },
      rows: { type: 'string', default: '100' },
      'drift-after': { type: 'string' },
      seed: { type: 'string', default: '7' },
    },
  });
  const requests = Number(values.requests);
  const sent = await sendTraffic({
    url: values.url,
    requests,
    rowsPerRequest: Number(values.rows),
    driftAfterRequests:
      values['drift-after'] === undefined
        ? Math.floor(requests / 2)
        : Number(values['drift-after']),
    seed: Number(values.seed),
    idPrefix: `traffic-${Date.now()}`,
  });
  console.log(
    `sent ${sent.requests} requests, ${sent.rows} rows (${sent.driftedRows} drifted); labels ${JSON.stringify(sent.labels)}`,
  );
}
