import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  here,
  loadKserveValidators,
  manifestsDir,
  validateManifests,
  validateObject,
} from './validate-manifests';

type Validators = ReturnType<typeof loadKserveValidators>;
// Manifests are plain parsed YAML, edited freely by the negative cases.
type Manifest = any;

function documents(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(join(manifestsDir, file), 'utf8')).map(d => d.toJS());
}

let kserve: Validators;
beforeAll(() => {
  kserve = loadKserveValidators();
}, 120_000);

describe('manifests', () => {
  it('every document validates against its schema', () => {
    const results = validateManifests();
    expect(results.map(r => `${r.kind}:${r.validator}`).sort()).toEqual([
      'ClusterServingRuntime:kserve-crd',
      'Deployment:kubernetes-models',
      'InferenceService:kserve-crd',
      'PrometheusRule:kubernetes-models',
      'Service:kubernetes-models',
      'ServiceMonitor:kubernetes-models',
    ]);
    for (const result of results)
      expect(result.errors, `${result.kind}/${result.name}`).toEqual([]);
  }, 120_000);

  it('rejects wrong Kubernetes and KServe documents (the validation is not a no-op)', () => {
    const [deployment] = documents('deployment.yaml');
    deployment.spec.replicas = 'two';
    expect(validateObject(deployment, kserve).errors).not.toEqual([]);

    const [, inferenceService] = documents('kserve.yaml');
    inferenceService.spec.predictor.model.storageURI =
      inferenceService.spec.predictor.model.storageUri;
    inferenceService.spec.predictor.minReplicas = 'one';
    const errors = validateObject(inferenceService, kserve).errors.join();
    expect(errors).toMatch(/storageURI/);
    expect(errors).toMatch(/minReplicas/);

    const [runtime] = documents('kserve.yaml');
    runtime.spec.containers[0].readinessProbe.httpGett =
      runtime.spec.containers[0].readinessProbe.httpGet;
    expect(validateObject(runtime, kserve).errors.join()).toMatch(/httpGett/);

    const [, rule] = documents('monitoring.yaml');
    rule.spec.groups[0].rules[0].for = 'five minutes';
    expect(validateObject(rule, kserve).errors).not.toEqual([]);
  });

  it('probes use the Open Inference Protocol health routes, and the grace period covers preStop + drain', () => {
    const [deployment] = documents('deployment.yaml');
    const [runtime] = documents('kserve.yaml');
    const [, inferenceService] = documents('kserve.yaml');
    // `ballast serve` closes with drainTimeoutMs 10_000 on SIGTERM (packages/cli/src/commands/serve.ts).
    const drainSeconds = 10;
    for (const container of [
      deployment.spec.template.spec.containers[0],
      runtime.spec.containers[0],
    ]) {
      expect(container.livenessProbe.httpGet.path).toBe('/v2/health/live');
      expect(container.readinessProbe.httpGet.path).toBe('/v2/health/ready');
      expect(container.lifecycle.preStop.sleep.seconds).toBe(5);
    }
    for (const grace of [
      deployment.spec.template.spec.terminationGracePeriodSeconds,
      inferenceService.spec.predictor.terminationGracePeriodSeconds,
    ]) {
      expect(grace).toBeGreaterThanOrEqual(5 + drainSeconds);
    }
  });

  it('the flags used by the Dockerfile and the manifests exist on ballast serve', () => {
    const require = createRequire(join(here, 'package.json'));
    const cli = join(require.resolve('@ballast/cli/package.json'), '..', 'dist', 'cli.js');
    const help = execFileSync(process.execPath, [cli, 'serve', '--help'], { encoding: 'utf8' });
    for (const flag of ['--name', '--host', '--port']) expect(help).toContain(flag);
    const dockerfile = readFileSync(join(here, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('@ballast/cli/dist/cli.js", "serve"');
  });
});
