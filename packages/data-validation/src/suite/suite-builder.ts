import { SPEC_VERSION } from '@ballast/contracts';
import type {
  ExpectationCommonFields,
  ExpectationConfiguration,
  ExpectationKwargs,
  ExpectationSuite,
  ExpectationType,
} from './expectation-schemas';
import { parseSuite } from './parse-suite';

/** A fluent, fully typed way to write a suite in TypeScript; see {@link defineSuite}. */
export interface SuiteBuilder {
  /** Adds one expectation; `kwargs` is checked against the expectation's own kwargs type. */
  expect<Type extends ExpectationType>(
    type: Type,
    kwargs: ExpectationKwargs<Type>,
    fields?: ExpectationCommonFields,
  ): SuiteBuilder;
  /** Validates the suite exactly as a suite file would be and returns it. */
  build(): ExpectationSuite;
}

/**
 * Starts a typed suite builder. The result is validated by the same schema as YAML and JSON
 * suites, so a suite built in code and one loaded from a file behave identically.
 *
 * @example
 * ```ts
 * const suite = defineSuite('orders')
 *   .expect('expect_column_values_to_not_be_null', { column: 'order_id' })
 *   .expect('expect_column_values_to_be_between', { column: 'amount', min_value: 0, mostly: 0.99 })
 *   .build();
 * ```
 */
export function defineSuite(
  name: string,
  options: { meta?: Record<string, unknown>; default_environment?: string[] } = {},
): SuiteBuilder {
  const expectations: ExpectationConfiguration[] = [];
  const builder: SuiteBuilder = {
    expect(type, kwargs, fields = {}) {
      expectations.push({ ...fields, type, kwargs } as ExpectationConfiguration);
      return builder;
    },
    build() {
      return parseSuite(
        { kind: 'ExpectationSuite', specVersion: SPEC_VERSION, name, ...options, expectations },
        { sourceName: `defineSuite('${name}')` },
      );
    },
  };
  return builder;
}
