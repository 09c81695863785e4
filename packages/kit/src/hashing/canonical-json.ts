import { InvalidInputError } from '@ballast/contracts';

function canonicalize(value: unknown, path: string): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    // JSON has no NaN or Infinity; silently writing null would make two different inputs hash alike.
    if (!Number.isFinite(value)) {
      throw new InvalidInputError({
        code: 'NON_FINITE_NUMBER',
        message: `Cannot hash ${path}: ${value} is not representable in JSON; replace it with a finite number or null.`,
        details: { path },
      });
    }
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) {
    return `[${value.map((item, index) => canonicalize(item === undefined ? null : item, `${path}[${index}]`)).join(',')}]`;
  }
  if (typeof value === 'object') {
    if (value instanceof Date) return JSON.stringify(value.toISOString());
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
    return `{${entries
      .map(([key, item]) => `${JSON.stringify(key)}:${canonicalize(item, `${path}.${key}`)}`)
      .join(',')}}`;
  }
  throw new InvalidInputError({
    code: 'NOT_JSON',
    message: `Cannot hash ${path}: a ${typeof value} is not JSON data.`,
    details: { path },
  });
}

/**
 * Serializes JSON data with object keys sorted (by UTF-16 code units) and no whitespace, so
 * equal documents produce equal bytes. For finite numbers this matches RFC 8785 (JCS).
 * `undefined` properties are dropped, as `JSON.stringify` does.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return canonicalize(value, '(root)');
}
