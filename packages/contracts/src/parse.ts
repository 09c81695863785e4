import type { z } from 'zod';
import { InvalidInputError } from './errors/invalid-input-error';

/** One problem found while parsing, with the path as a dotted string. */
export interface ParseIssue {
  path: string;
  message: string;
  expected?: string;
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? '(root)' : text;
}

/** Reduces zod issues to path/message/expected triples for errors and CLI output. */
export function describeZodIssues(error: z.ZodError): ParseIssue[] {
  return error.issues.map(issue => ({
    path: formatPath(issue.path),
    message: issue.message,
    ...('expected' in issue && issue.expected !== undefined
      ? { expected: String(issue.expected) }
      : {}),
  }));
}

/** What is being parsed, for the error: a name, or a name with a specific code and context. */
export type ParseSubject =
  | string
  | {
      /** The document's name, e.g. `DriftReport` or `SchemaDatasetFacet`. */
      name: string;
      /** A more specific error code than `INVALID_INPUT`. */
      code?: string;
      /** The JSON Schema the document follows; named in the message and in `details`. */
      schemaURL?: string;
    };

/**
 * Parses `input` with a zod schema, throwing an {@link InvalidInputError} whose message names
 * the first failing path and the expected value, and whose `details.issues` lists them all.
 *
 * @example
 * ```ts
 * const version = parseWithSchema(modelVersionSchema, json, 'ModelVersion');
 * const facet = parseWithSchema(facetSchema, input, { name: 'SchemaDatasetFacet', code: 'INVALID_FACET' });
 * ```
 */
export function parseWithSchema<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  subject: ParseSubject,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const { name, code, schemaURL } = typeof subject === 'string' ? { name: subject } : subject;
  const issues = describeZodIssues(result.error);
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  throw new InvalidInputError({
    ...(code === undefined ? {} : { code }),
    message: `Invalid ${name} at ${first?.path ?? '(root)'}: ${first?.message ?? 'invalid'}${more}${schemaURL === undefined ? '' : ` (schema ${schemaURL})`}`,
    details: {
      document: name,
      ...(schemaURL === undefined ? {} : { schemaURL }),
      path: first?.path,
      expected: first?.expected,
      issues,
    },
    cause: result.error,
  });
}
