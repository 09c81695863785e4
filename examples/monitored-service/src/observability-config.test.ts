// The Grafana dashboard and the Prometheus rules may only query metrics (and labels) that the
// running service really exposes on /metrics, so they cannot drift from the code.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Service, startService } from './service';
import { postLabels, sendTraffic } from './traffic';
import { waitFor } from './wait-for';

const dashboardPath = fileURLToPath(new URL('../dashboards/ballast-monitor.json', import.meta.url));
const rulesPath = fileURLToPath(new URL('../prometheus/alert-rules.yaml', import.meta.url));

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** Every PromQL string in the dashboard: panel targets (rows included) and variable queries. */
function dashboardQueries(dashboard: Record<string, unknown>): string[] {
  const queries: string[] = [];
  const visit = (value: unknown, key?: string) => {
    if (typeof value === 'string') {
      if (key === 'expr' || key === 'definition' || key === 'query') queries.push(value);
      return;
    }
    if (Array.isArray(value)) for (const item of value) visit(item);
    else if (value && typeof value === 'object')
      for (const [name, child] of Object.entries(value)) visit(child, name);
  };
  visit(dashboard.panels);
  visit(dashboard.templating);
  return queries.filter(query => query.includes('ballast_'));
}

/** The label names every sample of each metric carries, from the text exposition. */
function exposedLabels(metrics: string): Map<string, Set<string>> {
  const exposed = new Map<string, Set<string>>();
  for (const line of metrics.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})?\s/.exec(line);
    if (!match) continue;
    const labels = exposed.get(match[1] as string) ?? new Set<string>();
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g))
      labels.add(pair[1] as string);
    exposed.set(match[1] as string, labels);
  }
  return exposed;
}

/** Metric names a PromQL expression selects, each with the label names of its matchers. */
function selectors(expr: string): { metric: string; labels: string[] }[] {
  return [...expr.matchAll(/\b(ballast_[a-z0-9_]+)(\{[^}]*\})?/g)].map(match => ({
    metric: match[1] as string,
    labels: [...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)].map(
      pair => pair[1] as string,
    ),
  }));
}

describe('dashboard and alert rules against the live /metrics', () => {
  let service: Service;
  let metrics = '';

  beforeAll(async () => {
    let windows = 0;
    service = await startService({
      directory: false,
      window: { rows: 1000 },
      payloadFlushIntervalMs: 50,
      onWindow: () => {
        windows += 1;
      },
    });
    // Three windows as in training, two drifted ones (so alerts open), and their labels.
    const sent = await sendTraffic({
      url: service.url,
      requests: 50,
      driftAfterRequests: 30,
      labelDelayMs: false,
    });
    await waitFor(() => windows >= 5, 'five windows');
    await postLabels(service.url, sent.groundTruth);
    metrics = await (await fetch(`${service.url}/metrics`)).text();
  });

  afterAll(async () => {
    await service?.close();
  });

  it('the dashboard queries only exposed metrics and labels', () => {
    const dashboard = JSON.parse(readFileSync(dashboardPath, 'utf8')) as Record<string, unknown>;
    expect(dashboard.uid).toBe('ballast-monitor');
    const queries = dashboardQueries(dashboard);
    expect(queries.length).toBeGreaterThan(15);
    assertExposed(queries, exposedLabels(metrics));
  });

  it('the alert rules are well formed and query only exposed metrics and labels', () => {
    const rules = parse(readFileSync(rulesPath, 'utf8')) as {
      groups: { name: string; rules: Rule[] }[];
    };
    const all = rules.groups.flatMap(group => group.rules);
    expect(all.length).toBeGreaterThan(5);
    for (const rule of all) {
      expect(rule.alert ?? rule.record, JSON.stringify(rule)).toMatch(/^[A-Za-z_:][\w:]*$/);
      expect(typeof rule.expr).toBe('string');
      if (rule.for !== undefined) expect(rule.for).toMatch(/^\d+[smhd]$/);
    }
    const names = all.map(rule => rule.alert);
    expect(new Set(names).size).toBe(names.length);
    assertExposed(
      all.map(rule => rule.expr),
      exposedLabels(metrics),
    );
  });

  it('catches a query of a metric or label the service does not expose', () => {
    const exposed = exposedLabels(metrics);
    expect(() => assertExposed(['ballast_monitor_drift_scores > 1'], exposed)).toThrow(
      /not in \/metrics/,
    );
    expect(() =>
      assertExposed(['ballast_monitor_feature_drifted{column="income"} == 1'], exposed),
    ).toThrow(/no label "column"/);
  });

  it('every monitor metric the service exposes is on the dashboard', () => {
    const dashboard = readFileSync(dashboardPath, 'utf8');
    const monitorMetrics = [...exposedLabels(metrics).keys()]
      .filter(name => name.startsWith('ballast_monitor_'))
      .map(name => name.replace(/_total$/, ''));
    const missing = monitorMetrics.filter(name => !dashboard.includes(name));
    expect(missing).toEqual([]);
  });
});

function assertExposed(queries: string[], exposed: Map<string, Set<string>>): void {
  const problems: string[] = [];
  for (const query of queries) {
    const found = selectors(query);
    if (found.length === 0) problems.push(`no ballast metric in: ${query}`);
    for (const { metric, labels } of found) {
      const available = exposed.get(metric);
      if (!available) {
        problems.push(`${metric} is not in /metrics (query: ${query})`);
        continue;
      }
      for (const label of labels) {
        if (!available.has(label)) problems.push(`${metric} has no label "${label}"`);
      }
    }
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
}
