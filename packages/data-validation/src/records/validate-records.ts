import { InvalidInputError } from '@ballast/contracts';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { ExpectationSuite } from '../suite/expectation-schemas';
import { linearRegExpEngine } from '../patterns/linear-pattern';
import { type JsonSchema, suiteToJsonSchema } from './suite-to-json-schema';

/** One failing record, capped in number by `maxErrors`. */
export interface RecordError {
  /** Index of the record in the input. */
  index: number;
  /** JSON Pointer (ajv) or dotted path (Standard Schema) of the failing value. */
  path: string;
  message: string;
  keyword?: string;
}

/** Outcome of {@link validateRecords}. */
export interface RecordValidationResult {
  valid: boolean;
  recordCount: number;
  invalidCount: number;
  /** The first `maxErrors` problems, at most one per record. */
  errors: RecordError[];
  /** True when more problems were found than listed. */
  truncated: boolean;
  /** Expectations of the suite that have no per-record form (see suiteToJsonSchema). */
  skipped: Array<{ index: number; type: string; reason: string }>;
}

/** What to check records against: a suite, a JSON Schema, or a Standard Schema (zod, ...). */
export type RecordRules =
  | { suite: ExpectationSuite }
  | { jsonSchema: JsonSchema }
  | { standardSchema: StandardSchemaV1 };

/** Options of {@link validateRecords}. */
export interface ValidateRecordsOptions {
  /** Problems listed in the result (default 100). Checking never stops early. */
  maxErrors?: number;
}

/** A pattern refused by the linear-time engine: its own code says more than "invalid schema". */
function isPatternError(error: unknown): boolean {
  const code = InvalidInputError.isInstance(error) ? error.code : undefined;
  return code === 'UNSAFE_PATTERN' || code === 'INVALID_PATTERN';
}

const compiled = new Map<string, ValidateFunction>();
let ajv: Ajv | undefined;

/**
 * Compiles a JSON Schema once per content (cached by its JSON text), with ajv configured for
 * untrusted data: `allErrors` off (one error per record, so errors never grow unbounded),
 * `$data` off, formats from ajv-formats, `pattern` on the linear-time engine (a backreference or
 * lookaround is `UNSAFE_PATTERN`).
 */
export function compileRecordSchema(schema: JsonSchema): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (validate) return validate;
  if (!ajv) {
    ajv = new Ajv({
      allErrors: false,
      strict: false,
      $data: false,
      code: { regExp: linearRegExpEngine },
    });
    addFormats(ajv);
  }
  try {
    validate = ajv.compile(schema);
  } catch (cause) {
    if (isPatternError(cause)) throw cause;
    throw new InvalidInputError({
      code: 'INVALID_JSON_SCHEMA',
      message: `The JSON Schema for records does not compile: ${(cause as Error).message}`,
      details: { path: 'jsonSchema' },
      cause,
    });
  }
  compiled.set(key, validate);
  return validate;
}

function pathOf(issue: StandardSchemaV1.Issue): string {
  return (issue.path ?? [])
    .map(segment => (typeof segment === 'object' ? String(segment.key) : String(segment)))
    .join('.');
}

/**
 * Validates JSON records one by one, with ajv (a JSON Schema given or generated from a suite's
 * row-level expectations) or with any Standard Schema v1 validator such as a zod schema. Every
 * record is checked; listed errors are capped.
 *
 * @example
 * ```ts
 * const result = await validateRecords(rows, { standardSchema: z.object({ id: z.number() }) });
 * if (!result.valid) console.log(result.invalidCount, result.errors[0]);
 * ```
 */
export async function validateRecords(
  records: readonly unknown[],
  rules: RecordRules,
  options: ValidateRecordsOptions = {},
): Promise<RecordValidationResult> {
  const maxErrors = options.maxErrors ?? 100;
  const errors: RecordError[] = [];
  let invalidCount = 0;
  let skipped: RecordValidationResult['skipped'] = [];
  const fail = (error: RecordError) => {
    invalidCount++;
    if (errors.length < maxErrors) errors.push(error);
  };
  if ('standardSchema' in rules) {
    const standard = rules.standardSchema['~standard'];
    if (typeof standard?.validate !== 'function') {
      throw new InvalidInputError({
        code: 'INVALID_STANDARD_SCHEMA',
        message:
          'standardSchema must implement Standard Schema v1 (an object with ~standard.validate).',
        details: { path: 'standardSchema' },
      });
    }
    for (let index = 0; index < records.length; index++) {
      let outcome = standard.validate(records[index]);
      if (outcome instanceof Promise) outcome = await outcome;
      const issue = outcome.issues?.[0];
      if (issue) fail({ index, path: pathOf(issue), message: issue.message });
    }
  } else {
    let schema: JsonSchema;
    if ('suite' in rules) {
      const generated = suiteToJsonSchema(rules.suite);
      schema = generated.schema;
      skipped = generated.skipped;
    } else {
      schema = rules.jsonSchema;
    }
    const validate = compileRecordSchema(schema);
    for (let index = 0; index < records.length; index++) {
      if (validate(records[index])) continue;
      const error = validate.errors?.[0];
      fail({
        index,
        path: error?.instancePath ?? '',
        message: error?.message ?? 'invalid',
        ...(error?.keyword ? { keyword: error.keyword } : {}),
      });
    }
  }
  return {
    valid: invalidCount === 0,
    recordCount: records.length,
    invalidCount,
    errors,
    truncated: invalidCount > errors.length,
    skipped,
  };
}
