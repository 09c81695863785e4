import type { DatasetProfile, DriftReport, ColumnProfile, SqlTable } from '@ballast/contracts';
import { expectTypeOf, test } from 'vitest';
import type { TfjsDriftBackend } from '../backends/tfjs/tfjs-backend';
import { profileInParallel } from '../parallel/profile-in-parallel';
import { KllSketch, type SerializedKllSketch } from '../sketch/kll-sketch';
import { detectDriftFromProfile } from './detect-drift-from-profile';
import { mergeProfiles } from './merge-profiles';
import { profile } from './profile';

test('profiles are contract documents', () => {
  // In-memory input gives the profile; a SqlTable (pushdown) a promise of it.
  expectTypeOf<ReturnType<typeof profile>>().toEqualTypeOf<DatasetProfile>();
  expectTypeOf(profile({} as SqlTable)).resolves.toEqualTypeOf<DatasetProfile>();
  expectTypeOf(mergeProfiles).returns.toEqualTypeOf<DatasetProfile>();
  expectTypeOf(profileInParallel).returns.resolves.toEqualTypeOf<DatasetProfile>();
  expectTypeOf(detectDriftFromProfile).returns.toEqualTypeOf<DriftReport>();
});

test('a serialised sketch fits the profile column slot', () => {
  expectTypeOf<SerializedKllSketch>().toExtend<NonNullable<ColumnProfile['quantiles']>>();
  expectTypeOf(KllSketch.fromJSON).parameter(0).toEqualTypeOf<unknown>();
});

test('the tfjs backend names itself', () => {
  expectTypeOf<TfjsDriftBackend['name']>().toEqualTypeOf<string>();
});
