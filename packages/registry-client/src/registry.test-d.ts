import type { ModelVersion, ModelVersionSource } from '@ballast/contracts';
import * as vitest from 'vitest';
import { describe, expectTypeOf, it } from 'vitest';
import type { ConformanceTestApi } from './conformance/registry-conformance';
import { createFileRegistry, type FileRegistry } from './file-registry';
import { createMlflowRegistry } from './mlflow/mlflow-registry';
import { asModelVersionSource } from './model-version-source';
import type { Registry, SearchPage } from './registry';

describe('Registry types', () => {
  it('is implemented by both backends', () => {
    expectTypeOf(createFileRegistry({ root: '/tmp/x' })).toExtend<Registry>();
    expectTypeOf(
      createMlflowRegistry({ trackingUri: 'http://127.0.0.1:5000' }),
    ).toEqualTypeOf<Registry>();
    expectTypeOf<FileRegistry['root']>().toEqualTypeOf<string>();
  });

  it('lets vitest drive the conformance suite without a structural copy of Registry', () => {
    expectTypeOf(vitest).toExtend<ConformanceTestApi>();
  });

  it('returns contract documents and async-iterable pages', () => {
    expectTypeOf<ReturnType<Registry['getModelVersion']>>().toEqualTypeOf<Promise<ModelVersion>>();
    expectTypeOf<ReturnType<Registry['searchModelVersions']>>().toExtend<
      AsyncIterable<SearchPage<ModelVersion>>
    >();
    expectTypeOf(asModelVersionSource).returns.toEqualTypeOf<ModelVersionSource>();
  });
});
