import { ArrowTypeId } from '@ballast/kit';
import { isArrowVector } from './arrow-guards';
import { isSortedSample } from './sorted-sample';

/**
 * Whether a column holds numbers (`'numeric'`) or labels (`'categorical'`): Arrow Int/Float
 * vectors, typed arrays, sorted samples and arrays of numbers are numeric; Arrow
 * Utf8/Dictionary/Bool vectors, counted columns and arrays of strings or booleans are
 * categorical. An all-missing plain array counts as numeric.
 */
export function inferFeatureType(input: unknown): 'numeric' | 'categorical' {
  if (isSortedSample(input) || ArrayBuffer.isView(input)) return 'numeric';
  if (isArrowVector(input)) {
    const typeId = input.type.typeId;
    return typeId === ArrowTypeId.Int || typeId === ArrowTypeId.Float ? 'numeric' : 'categorical';
  }
  if (Array.isArray(input)) {
    for (const value of input) {
      if (value === null || value === undefined) continue;
      return typeof value === 'number' || typeof value === 'bigint' ? 'numeric' : 'categorical';
    }
    return 'numeric';
  }
  return 'categorical';
}
