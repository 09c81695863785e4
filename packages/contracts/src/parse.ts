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

/**
 * Parses `input` with a zod schema, throwing an {@link InvalidInputError} whose message names
 * the first failing path and the expected value, and whose `details.issues` lists them all.
 *
 * @example
 * ```ts
 * const version = parseWithSchema(modelVersionSchema, json, 'ModelVersion');
 * ```
 */
export function parseWithSchema<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  what: string,
): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = describeZodIssues(result.error);
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  throw new InvalidInputError({
    message: `Invalid ${what} at ${first?.path ?? '(root)'}: ${first?.message ?? 'invalid'}${more}`,
    details: { document: what, path: first?.path, expected: first?.expected, issues },
    cause: result.error,
  });
}
