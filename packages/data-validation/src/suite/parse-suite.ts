import { describeZodIssues, InvalidInputError } from '@ballast/contracts';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { type ExpectationSuite, expectationSuiteSchema } from './expectation-schemas';
import { resolveSuiteParameters, type SuiteParameters } from './suite-parameters';

/** Where a problem sits in the source text, 1-based as editors count. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** One problem found in a suite document, with its dotted path and source position. */
export interface SuiteIssue {
  path: string;
  message: string;
  line?: number | undefined;
  column?: number | undefined;
}

/** Options of {@link parseSuite}. */
export interface ParseSuiteOptions {
  /** Name of the file the text came from, used in messages. */
  sourceName?: string;
  /** Values for the suite's `{ "$PARAMETER": name }` placeholders (GX suite parameters). */
  parameters?: SuiteParameters;
}

function pathKeys(path: string): Array<string | number> {
  const keys: Array<string | number> = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) keys.push(Number(match[2]));
    else if (match[1] !== undefined) keys.push(match[1]);
  }
  return keys;
}

/**
 * Finds the deepest node of `path` that exists in the document (an unknown key points at its
 * parent object) and returns its position.
 */
function locate(
  document: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
  path: string,
): SourcePosition | undefined {
  const keys = path === '(root)' ? [] : pathKeys(path);
  // A condition written inside kwargs (as Great Expectations serialises it) is reported at the
  // expectation's level, where the schema moved it.
  const last = keys.at(-1);
  if ((last === 'row_condition' || last === 'condition_parser') && !document.hasIn(keys)) {
    keys.splice(keys.length - 1, 0, 'kwargs');
  }
  for (let depth = keys.length; depth >= 0; depth--) {
    const node = depth === 0 ? document.contents : document.getIn(keys.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const position = lineCounter.linePos(node.range[0]);
      return { line: position.line, column: position.col };
    }
  }
  return undefined;
}

function invalidSuite(issues: SuiteIssue[], sourceName: string, cause: unknown): InvalidInputError {
  const first = issues[0];
  const where = first?.line === undefined ? '' : ` (line ${first.line}, column ${first.column})`;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new InvalidInputError({
    code: 'INVALID_SUITE',
    message: `Invalid expectation suite ${sourceName} at ${first?.path ?? '(root)'}${where}: ${first?.message ?? 'invalid'}${more}`,
    details: {
      path: first?.path,
      line: first?.line,
      column: first?.column,
      issues,
      source: sourceName,
    },
    cause,
  });
}

function unresolvedParameters(
  unresolved: ReadonlyArray<{ path: string; name: string }>,
  options: ParseSuiteOptions,
  sourceName: string,
  position: (path: string) => SourcePosition | undefined = () => undefined,
): InvalidInputError {
  const known = Object.keys(options.parameters ?? {});
  const issues = unresolved.map(({ path, name }) => ({
    path,
    message: `suite parameter "${name}" has no value (${known.length === 0 ? 'no parameters were given' : `given: ${known.join(', ')}`})`,
    ...position(path),
  }));
  return invalidSuite(issues, sourceName, undefined);
}

/**
 * Parses and validates an expectation suite written as YAML or JSON text (JSON is read by the
 * same YAML 1.2 parser) or given as an already-parsed object. Errors are an
 * {@link InvalidInputError} with code `INVALID_SUITE` whose message names the path and, for
 * text input, the line and column; `details.issues` lists every problem. `{ "$PARAMETER": name }`
 * placeholders in kwargs are filled from `options.parameters` first; one without a value is an
 * `INVALID_SUITE` error too.
 *
 * @example
 * ```ts
 * const suite = parseSuite(await readFile('orders.suite.yaml', 'utf8'), { sourceName: 'orders.suite.yaml' });
 * ```
 */
export function parseSuite(
  source: string | object,
  options: ParseSuiteOptions = {},
): ExpectationSuite {
  const sourceName = options.sourceName ?? (typeof source === 'string' ? '(text)' : '(object)');
  if (typeof source !== 'string') {
    const { document, unresolved } = resolveSuiteParameters(source, options.parameters);
    if (unresolved.length > 0) throw unresolvedParameters(unresolved, options, sourceName);
    const result = expectationSuiteSchema.safeParse(document);
    if (result.success) return result.data;
    throw invalidSuite(describeZodIssues(result.error), sourceName, result.error);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const issues = document.errors.map(error => {
      const position = lineCounter.linePos(error.pos[0]);
      return {
        path: '(syntax)',
        message: error.message,
        line: position.line,
        column: position.col,
      };
    });
    throw invalidSuite(issues, sourceName, document.errors[0]);
  }
  let plain: unknown;
  try {
    plain = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // An alias used before its anchor, or too many aliases (a billion-laughs document), only
    // shows when the document is converted: it is still a syntax problem of the suite.
    throw invalidSuite(
      [{ path: '(syntax)', message: (error as Error).message }],
      sourceName,
      error,
    );
  }
  const { document: resolved, unresolved } = resolveSuiteParameters(plain, options.parameters);
  if (unresolved.length > 0)
    throw unresolvedParameters(unresolved, options, sourceName, path =>
      locate(document, lineCounter, path),
    );
  const result = expectationSuiteSchema.safeParse(resolved);
  if (result.success) return result.data;
  const issues = describeZodIssues(result.error).map(issue => ({
    ...issue,
    ...locate(document, lineCounter, issue.path),
  }));
  throw invalidSuite(issues, sourceName, result.error);
}
