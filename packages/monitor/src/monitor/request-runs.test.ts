import type { InferencePayload, TypedInferencePayload } from '@ballast/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WindowOptions } from '../options/monitor-options';
import { createMonitor } from './create-monitor';
import type { WindowPerformance, WindowResult } from './window-result';

// A write of many records gathers runs of requests into one add per window; a write of one record
// cannot. Both must give the same windows, samples, quality counts, reports and label joins.

interface Spec {
  model: 'weather' | 'other';
  rows: number;
  // typed: Float32Array tensors; json: number arrays; holes: JSON with a null and a NaN;
  // narrow: x two columns wide; ints: Int32Array x.
  layout: 'typed' | 'json' | 'holes' | 'narrow' | 'ints';
  // Milliseconds after the previous request (negative: a late request).
  step: number;
  seed: number;
}

const specArb: fc.Arbitrary<Spec> = fc.record({
  model: fc.constantFrom('weather', 'weather', 'weather', 'weather', 'other'),
  rows: fc.integer({ min: 1, max: 4 }),
  layout: fc.constantFrom('typed', 'typed', 'typed', 'json', 'holes', 'narrow', 'ints'),
  step: fc.integer({ min: -400, max: 900 }),
  seed: fc.integer({ min: 0, max: 10_000 }),
});

// Far in the future: a time window is never closed by the clock during a test, only by traffic.
const origin = Date.parse('2100-01-01T00:00:00.000Z');

function records(specs: readonly Spec[]): TypedInferencePayload[] {
  let at = origin;
  return specs.map((spec, index) => {
    at += spec.step;
    let next = spec.seed;
    const value = () => {
      next = (next * 1103515245 + 12345) % 2147483648;
      return (next % 2000) / 100 - 5; // -5 .. 15: the reference spans 0 .. 10
    };
    const width = spec.layout === 'narrow' ? 2 : 3;
    const cells = Array.from({ length: spec.rows * width }, value);
    const scores = Array.from({ length: spec.rows }, () => Math.abs(value()) / 15);
    let x: unknown = cells;
    if (spec.layout === 'typed') x = Float32Array.from(cells);
    if (spec.layout === 'ints') x = Int32Array.from(cells);
    if (spec.layout === 'holes') {
      x = cells.map((cell, cellIndex) =>
        cellIndex === 0 ? null : cellIndex === 1 ? Number.NaN : cell,
      );
    }
    const typedScores =
      spec.layout === 'json' || spec.layout === 'holes' ? scores : Float32Array.from(scores);
    return {
      model: { name: spec.model, version: '1' },
      requestId: `r${index}`,
      receivedAt: new Date(at).toISOString(),
      latencySeconds: 0.001,
      request: {
        inputs: [{ name: 'x', datatype: 'FP32', shape: [spec.rows, width], data: x }],
        outputs: [{ name: 'proba' }],
      },
      response: {
        model_name: spec.model,
        outputs: [{ name: 'proba', datatype: 'FP32', shape: [spec.rows, 1], data: typedScores }],
      },
    } as unknown as TypedInferencePayload;
  });
}

const reference = {
  a: Array.from({ length: 200 }, (_, index) => (index % 100) / 10),
  b: Array.from({ length: 200 }, (_, index) => ((index * 7) % 100) / 10),
  c: Array.from({ length: 200 }, (_, index) => ((index * 13) % 100) / 10),
  p: Array.from({ length: 200 }, (_, index) => (index % 50) / 50),
};

// What a window leaves, without the times a report is made at.
function comparable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, field) =>
    key === 'timestamp' || key === 'createdAt' || key === 'generatedAt' || key === 'runId'
      ? undefined
      : field,
  );
}

async function observe(
  input: readonly TypedInferencePayload[],
  window: WindowOptions,
  oneByOne: boolean,
): Promise<unknown> {
  const windows: WindowResult[] = [];
  const performance: WindowPerformance[] = [];
  const errors: string[] = [];
  const monitor = createMonitor({
    model: { name: 'weather', version: '1' },
    reference,
    features: { x: ['a', 'b', 'c'], proba: ['p'] },
    window,
    sampleSize: 5,
    seed: 7,
    analysis: 'inline',
    directory: false,
    performance: { task: 'binary', prediction: 'p', labelHorizon: '1h' },
    onWindow: result => void windows.push(result),
    onPerformance: update => void performance.push(update),
    onError: error => void errors.push(String(error)),
  });
  try {
    if (oneByOne) for (const record of input) await monitor.writeTyped([record]);
    else await monitor.writeTyped([...input]);
    await monitor.idle();
    // Labels for every other row (request id, `#row` for batched requests); some unknown.
    const labels = input.flatMap((record, index) => {
      const rows = record.request.inputs[0]?.shape[0] ?? 1;
      return Array.from({ length: rows }, (_, row) => ({
        requestId: rows === 1 ? record.requestId : `${record.requestId}#${row}`,
        label: (index + row) % 2,
        at: origin,
      })).filter((_, row) => (index + row) % 3 !== 0);
    });
    const joined = await monitor.recordLabels(labels);
    await monitor.flush();
    await monitor.idle();
    return comparable({ windows, performance, joined, errors });
  } finally {
    await monitor.close();
  }
}

describe('requests gathered into runs', () => {
  it('give the windows, samples, reports and label joins of requests ingested one by one', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(specArb, { minLength: 1, maxLength: 40 }),
        fc.constantFrom<WindowOptions>({ rows: 3 }, { rows: 7 }, { rows: 40 }, { every: '1s' }),
        async (specs, window) => {
          const input = records(specs);
          const together = await observe(input, window, false);
          const alone = await observe(input, window, true);
          expect(together).toEqual(alone);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);

  it('ingests alternating JSON and typed records of one layout as it ingests them one by one', async () => {
    const input = records(
      Array.from({ length: 30 }, (_, index) => ({
        model: 'weather' as const,
        rows: 1 + (index % 3),
        layout: index % 2 === 0 ? ('typed' as const) : ('json' as const),
        step: 10,
        seed: index,
      })),
    );
    const together = await observe(input, { rows: 1000 }, false);
    expect(together).toEqual(await observe(input, { rows: 1000 }, true));
    expect((together as { windows: WindowResult[] }).windows.map(window => window.rows)).toEqual([
      60,
    ]);
  });
});

export type { InferencePayload };
