import type { Ajv } from 'ajv';
import type { ResultLimits } from '../unexpected-tally';

/** What evaluator factories need besides the expectation itself. */
export interface EvaluatorContext {
  readonly limits: ResultLimits;
  /** Longest string a user regex is run against. */
  readonly maxPatternInputLength: number;
  /** Most non-missing numbers an expectation may keep per column (see `maxRetainedValues`). */
  readonly maxRetainedValues: number;
  /** Path of the expectation in the suite, e.g. `expectations[3]`, for error messages. */
  readonly path: string;
  /** A shared ajv instance (errors capped, no `$data`). */
  ajv(): Ajv;
}
