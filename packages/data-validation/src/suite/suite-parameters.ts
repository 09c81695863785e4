/** Values for a suite's `{ "$PARAMETER": name }` placeholders, by name. */
export type SuiteParameters = Readonly<Record<string, unknown>>;

/** A placeholder that could not be filled, with the dotted path where it sits. */
export interface UnresolvedParameter {
  path: string;
  name: string;
}

function placeholderName(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  const name = (value as Record<string, unknown>).$PARAMETER;
  return keys.length === 1 && typeof name === 'string' ? name : undefined;
}

function substitute(
  value: unknown,
  path: string,
  parameters: SuiteParameters,
  unresolved: UnresolvedParameter[],
): unknown {
  const name = placeholderName(value);
  if (name !== undefined) {
    if (Object.hasOwn(parameters, name)) return parameters[name];
    unresolved.push({ path, name });
    return value;
  }
  if (Array.isArray(value))
    return value.map((item, index) =>
      substitute(item, `${path}[${index}]`, parameters, unresolved),
    );
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        substitute(item, `${path}.${key}`, parameters, unresolved),
      ]),
    );
  return value;
}

/**
 * Fills Great Expectations suite parameters: every `{ "$PARAMETER": "name" }` inside an
 * expectation's `kwargs` (at any depth, e.g. a whole `value_set` or one bound) becomes
 * `parameters[name]`, before the kwargs are validated, so a value of the wrong type is reported
 * like a literal one. Returns a copy (the document is not changed) and the placeholders left
 * unfilled. Only plain names are supported, not GX's arithmetic expressions.
 *
 * @example
 * ```ts
 * const { document } = resolveSuiteParameters(raw, { expected_rows: 1000 });
 * // kwargs: { min_value: { $PARAMETER: 'expected_rows' } } -> { min_value: 1000 }
 * ```
 */
export function resolveSuiteParameters(
  document: unknown,
  parameters: SuiteParameters = {},
): { document: unknown; unresolved: UnresolvedParameter[] } {
  const unresolved: UnresolvedParameter[] = [];
  const expectations = (document as { expectations?: unknown })?.expectations;
  if (!Array.isArray(expectations)) return { document, unresolved };
  const resolved = expectations.map((expectation, index) => {
    const kwargs = (expectation as { kwargs?: unknown })?.kwargs;
    if (kwargs === undefined || expectation === null || typeof expectation !== 'object')
      return expectation;
    return {
      ...expectation,
      kwargs: substitute(kwargs, `expectations[${index}].kwargs`, parameters, unresolved),
    };
  });
  return { document: { ...(document as object), expectations: resolved }, unresolved };
}
