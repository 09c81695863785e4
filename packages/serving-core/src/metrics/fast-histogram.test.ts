import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { FastHistogram } from './fast-histogram';

const buckets = [0.005, 0.1, 1, 2.5];

function pair() {
  const fastRegistry = new Registry();
  const promRegistry = new Registry();
  const fast = new FastHistogram({
    name: 'latency',
    help: 'Latency.',
    buckets,
    registers: [fastRegistry],
  });
  const prom = new Histogram({
    name: 'latency',
    help: 'Latency.',
    labelNames: ['model', 'version'],
    buckets,
    registers: [promRegistry],
  });
  return { fast, prom, fastRegistry, promRegistry };
}

describe('FastHistogram', () => {
  it('exposes the same text and JSON as a prom-client Histogram given the same observations', async () => {
    const { fast, prom, fastRegistry, promRegistry } = pair();
    const labelSets = [
      { model: 'iris', version: '1' },
      { model: 'say "hi"\n', version: '2' },
    ];
    const values = [0, 0.005, 0.0051, 0.09, 1, 2.5, 2.6, 100, 0.3];
    for (const [index, labels] of labelSets.entries()) {
      const child = fast.child(labels);
      for (const value of values.slice(index)) {
        child.observe(value);
        prom.observe(labels, value);
      }
    }
    expect(await fastRegistry.metrics()).toBe(await promRegistry.metrics());
    // prom-client adds empty exemplar fields, which carry nothing without exemplars enabled.
    const valuesOf = async (registry: Registry) =>
      (await registry.getMetricsAsJSON())[0]?.values.map(entry => ({
        metricName: (entry as { metricName?: string }).metricName,
        labels: entry.labels,
        value: entry.value,
      }));
    expect(await valuesOf(fastRegistry)).toEqual(await valuesOf(promRegistry));
  });

  it('binds one child per label set and zeroes it on reset', async () => {
    const { fast, fastRegistry } = pair();
    expect(fast.child({ model: 'a' })).toBe(fast.child({ model: 'a' }));
    fast.child({ model: 'a' }).observe(0.5);
    expect(await fastRegistry.metrics()).toContain('latency_count{model="a"} 1');
    fastRegistry.resetMetrics();
    expect(await fastRegistry.metrics()).toContain('latency_count{model="a"} 0');
  });

  it('refuses non-finite observations as prom-client does', () => {
    const { fast } = pair();
    expect(() => fast.child({ model: 'a' }).observe(Number.NaN)).toThrow(TypeError);
  });
});
