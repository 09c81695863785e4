import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { LineageEmitter } from './interfaces/lineage-emitter';
import type { ModelVersionSource } from './interfaces/model-version-source';
import type { PayloadSink } from './interfaces/payload-sink';
import { parseDriftReport, parseModelVersion } from './parse-documents';
import type { DriftReport, driftReportSchema } from './schemas/drift-report';
import type { LineageEvent } from './schemas/lineage-event';
import type { ModelVersion } from './schemas/model-version';
import type { InferencePayload } from './schemas/inference';
import type { PolicyDecision } from './schemas/policy-decision';
import type { NumericTensorArray, TypedInferencePayload } from './schemas/typed-inference-payload';

describe('inferred contract types', () => {
  it('a TypedInferencePayload is an InferencePayload whose tensors may hold typed arrays', () => {
    expectTypeOf<InferencePayload>().toExtend<TypedInferencePayload>();
    expectTypeOf<TypedInferencePayload>().not.toExtend<InferencePayload>();
    expectTypeOf<TypedInferencePayload['request']['inputs'][number]['data']>().toEqualTypeOf<
      InferencePayload['request']['inputs'][number]['data'] | NumericTensorArray | undefined
    >();
    expectTypeOf<Float32Array>().toExtend<NumericTensorArray>();
    expectTypeOf<BigInt64Array>().not.toExtend<NumericTensorArray>();
    expectTypeOf<NonNullable<PayloadSink['writeTyped']>>()
      .parameter(0)
      .toEqualTypeOf<TypedInferencePayload[]>();
  });

  it('DriftReport fields have the documented types', () => {
    expectTypeOf<DriftReport['kind']>().toEqualTypeOf<'DriftReport'>();
    expectTypeOf<DriftReport['specVersion']>().toEqualTypeOf<'ballast.dev/v1'>();
    expectTypeOf<DriftReport['options']['correction']>().toEqualTypeOf<
      'none' | 'bonferroni' | 'benjamini-hochberg'
    >();
    expectTypeOf<DriftReport['columns'][number]['statistic']>().toEqualTypeOf<number | null>();
    expectTypeOf<z.infer<typeof driftReportSchema>>().toEqualTypeOf<DriftReport>();
  });

  it('ModelVersion keeps versions as strings and approval as a union', () => {
    expectTypeOf<ModelVersion['version']>().toEqualTypeOf<string>();
    expectTypeOf<ModelVersion['approval']>().toEqualTypeOf<'pending' | 'approved' | 'rejected'>();
  });

  it('PolicyDecision outcome is a closed union', () => {
    expectTypeOf<PolicyDecision['outcome']>().toEqualTypeOf<'allow' | 'warn' | 'deny'>();
  });

  it('parse helpers return the inferred types', () => {
    expectTypeOf(parseDriftReport).returns.toEqualTypeOf<DriftReport>();
    expectTypeOf(parseModelVersion).parameter(0).toBeUnknown();
  });

  it('interfaces accept the contract documents', () => {
    expectTypeOf<LineageEmitter['emit']>().parameter(0).toEqualTypeOf<LineageEvent>();
    expectTypeOf<ModelVersionSource['resolve']>().returns.resolves.toEqualTypeOf<ModelVersion>();
  });
});
