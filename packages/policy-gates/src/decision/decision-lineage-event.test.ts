import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError, type LineageEmitter, type LineageEvent } from '@ballast/contracts';
import { sha256Of } from '@ballast/kit';
import { openLineageSpecDirectory } from '@ballast/test-utils/vendored-specs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { mixedDecision } from '../__fixtures__/decisions';
import { decisionToLineageEvent, emitDecision } from './decision-lineage-event';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule })
  .default ?? addFormatsModule) as typeof addFormatsModule;

const specDirectory = openLineageSpecDirectory();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const core = JSON.parse(readFileSync(join(specDirectory, 'OpenLineage.json'), 'utf8'));
ajv.addSchema(core);
for (const file of readdirSync(join(specDirectory, 'facets'))) {
  ajv.addSchema(JSON.parse(readFileSync(join(specDirectory, 'facets', file), 'utf8')));
}
const validateRunEvent = ajv.compile({ $ref: `${core.$id}#/$defs/RunEvent` });
const validateRunFacet = ajv.compile({ $ref: `${core.$id}#/$defs/RunFacet` });

const decision = mixedDecision();
const options = { namespace: 'ci', producer: 'https://github.com/acme/ml/tree/v1.2.0' };

describe('decisionToLineageEvent', () => {
  it('is a valid OpenLineage 2-0-2 RunEvent with a valid run facet', () => {
    const event = decisionToLineageEvent(decision, options);
    expect(validateRunEvent(event), JSON.stringify(validateRunEvent.errors)).toBe(true);
    const facet = event.run.facets!.ballast_policyDecision!;
    expect(validateRunFacet(facet), JSON.stringify(validateRunFacet.errors)).toBe(true);
    expect(event).toMatchObject({
      eventType: 'COMPLETE',
      eventTime: decision.evaluatedAt,
      producer: options.producer,
      job: { namespace: 'ci', name: 'policy-gate.mixed <&> policy' },
    });
    expect(facet).toMatchObject({
      _producer: options.producer,
      _schemaURL: expect.stringMatching(
        /^https:\/\/ballast\.dev\/spec\/facets\/1-0-0\/BallastPolicyDecisionRunFacet\.json#/,
      ),
      decisionDigest: sha256Of(decision),
      outcome: 'deny',
      ruleCounts: { pass: 1, fail: 2, warn: 2, waived: 1, error: 1 },
    });
    expect((facet.rulesNotPassed as unknown[]).length).toBe(6);
  });

  it('derives the run id from the decision, so re-emitting is idempotent', () => {
    const first = decisionToLineageEvent(decision, options);
    expect(decisionToLineageEvent(decision, options).run.runId).toBe(first.run.runId);
    expect(first.run.runId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const other = decisionToLineageEvent({ ...decision, environment: 'staging' }, options);
    expect(other.run.runId).not.toBe(first.run.runId);
  });

  it('rejects a producer that is not a URI', () => {
    expect(() => decisionToLineageEvent(decision, { ...options, producer: 'me' })).toThrow(
      InvalidInputError,
    );
  });

  it('emits through any LineageEmitter', async () => {
    const emitted: LineageEvent[] = [];
    const emitter: LineageEmitter = {
      specificationVersion: 'v1',
      async emit(event) {
        emitted.push(event);
      },
    };
    const inputs = [{ namespace: 'registry', name: 'fraud/7' }];
    const event = await emitDecision(emitter, decision, { ...options, inputs });
    expect(emitted).toEqual([event]);
    expect(validateRunEvent(emitted[0]), JSON.stringify(validateRunEvent.errors)).toBe(true);
    expect(emitted[0]!.inputs).toEqual(inputs);
  });
});
