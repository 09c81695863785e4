import type { Vector } from 'apache-arrow';

/**
 * True when `value` looks like an Apache Arrow `Vector` (duck-typed so any apache-arrow copy works).
 */
export function isArrowVector(value: unknown): value is Vector {
  return (
    value !== null &&
    typeof value === 'object' &&
    'data' in value &&
    Array.isArray((value as { data: unknown }).data) &&
    'type' in value &&
    typeof (value as { type: { typeId?: unknown } }).type?.typeId === 'number'
  );
}
