import { readFile } from 'node:fs/promises';
import { InvalidInputError, NotFoundError } from '@ballast/contracts';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';

/** One problem found in a document, located by path and, for text input, by line and column. */
export interface DocumentIssue {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/** Where a parsed document came from, and where each of its paths starts in the text. */
export interface DocumentSource {
  /** File path or label given by the caller. */
  uri: string;
  /** 1-based line of a dotted path (as `describeZodIssues` writes it), when the text had it. */
  lineOf(path: ReadonlyArray<PropertyKey>): number | undefined;
}

interface Located {
  node: Node | undefined;
}

function childNode(node: unknown, key: PropertyKey, wantKey = false): Node | undefined {
  if (isMap(node)) {
    const pair = node.items.find(item => {
      const pairKey = isScalar(item.key) ? item.key.value : item.key;
      return String(pairKey) === String(key);
    });
    if (!pair) return undefined;
    return (wantKey ? pair.key : (pair.value ?? pair.key)) as Node | undefined;
  }
  if (isSeq(node) && typeof key === 'number') return node.items[key] as Node | undefined;
  return undefined;
}

function locate(root: Node | null, path: ReadonlyArray<PropertyKey>, atKey = false): Located {
  // The closest existing ancestor stands in for a missing key, so "field required" still gets a line.
  let node: Node | undefined = root ?? undefined;
  for (const [index, key] of path.entries()) {
    // For an unknown or reserved key, point at the key itself rather than at its value.
    const next = childNode(node, key, atKey && index === path.length - 1);
    if (!next) break;
    node = next;
  }
  return { node };
}

/** Writes a path as `rules[2].value.lower`, the way `parseWithSchema` names paths. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? '(root)' : text;
}

/**
 * Finds own `__proto__` keys (JSON.parse and YAML create them). Schemas drop such a key
 * silently, so a user's entry would vanish; the document is refused instead.
 */
function reservedKeyIssues(value: unknown): Array<{ path: PropertyKey[]; message: string }> {
  const issues: Array<{ path: PropertyKey[]; message: string }> = [];
  const seen = new WeakSet<object>();
  const visit = (node: unknown, path: PropertyKey[]) => {
    if (node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        visit(item, [...path, index]);
      });
      return;
    }
    for (const key of Object.keys(node)) {
      if (key === '__proto__') {
        issues.push({
          path: [...path, key],
          message: 'the key "__proto__" is reserved; rename it',
        });
      } else {
        visit((node as Record<string, unknown>)[key], [...path, key]);
      }
    }
  };
  visit(value, []);
  return issues;
}

/** An issue's path; a single unknown key is located at the key itself, so lines point at it. */
function issuePath(issue: z.core.$ZodIssue): PropertyKey[] {
  if (issue.code === 'unrecognized_keys' && issue.keys.length === 1) {
    return [...issue.path, issue.keys[0]!];
  }
  return issue.path;
}

/** Options of {@link parseDocumentText}. */
export interface ParseDocumentOptions {
  /** Name used in messages, e.g. `policy`. */
  what: string;
  /** File path or label for messages. */
  uri: string;
  /** Error code for a document that parses but does not match the schema. */
  code: string;
}

/**
 * Parses YAML or JSON text (JSON is read by the YAML 1.2 parser, so both get line numbers)
 * and validates it, throwing an `InvalidInputError` that names the path, line and column.
 */
export function parseDocumentText<Schema extends z.ZodType>(
  schema: Schema,
  text: string,
  options: ParseDocumentOptions,
): { value: z.output<Schema>; source: DocumentSource } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntaxError = document.errors[0];
  if (syntaxError) {
    const position = lineCounter.linePos(syntaxError.pos[0]);
    throw new InvalidInputError({
      code: `${options.code.replace(/_INVALID$/, '')}_SYNTAX`,
      message: `Cannot parse ${options.what} ${options.uri} at line ${position.line}, column ${position.col}: ${syntaxError.message.split('\n')[0]}`,
      details: {
        source: options.uri,
        line: position.line,
        column: position.col,
        issues: document.errors.map(error => ({
          message: error.message,
          ...lineCounter.linePos(error.pos[0]),
        })),
      },
      cause: syntaxError,
    });
  }
  const lineOf = (path: ReadonlyArray<PropertyKey>): number | undefined => {
    const { node } = locate(document.contents, path);
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  const positionOf = (
    path: ReadonlyArray<PropertyKey>,
    atKey: boolean,
  ): { line: number; col: number } | undefined => {
    const { node } = locate(document.contents, path, atKey);
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : lineCounter.linePos(offset);
  };
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch (cause) {
    // yaml throws a plain ReferenceError when aliases would expand too far (an alias bomb).
    throw new InvalidInputError({
      code: options.code,
      message: `Cannot read ${options.what} ${options.uri}: ${(cause as Error).message}; use fewer aliases.`,
      details: { document: options.what, source: options.uri, path: '(root)', issues: [] },
      cause,
    });
  }
  const reserved = reservedKeyIssues(data);
  const result = reserved.length > 0 ? undefined : schema.safeParse(data);
  const source: DocumentSource = { uri: options.uri, lineOf };
  if (result?.success) return { value: result.data, source };
  const found = result
    ? result.error.issues.map(issue => ({
        path: issuePath(issue),
        message: issue.message,
        atKey: issue.code === 'unrecognized_keys',
      }))
    : reserved.map(issue => ({ ...issue, atKey: true }));
  const issues: DocumentIssue[] = found.map(issue => {
    const path = issue.path;
    const position = positionOf(path, issue.atKey);
    return {
      path: formatIssuePath(path),
      message: issue.message,
      ...(position ? { line: position.line, column: position.col } : {}),
    };
  });
  throw documentError(issues, options);
}

/** Validates an in-memory value; issues carry paths but no lines. */
export function parseDocumentValue<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  options: ParseDocumentOptions,
): z.output<Schema> {
  const reserved = reservedKeyIssues(value);
  if (reserved.length > 0) {
    throw documentError(
      reserved.map(issue => ({ path: formatIssuePath(issue.path), message: issue.message })),
      options,
    );
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw documentError(
    result.error.issues.map(issue => ({
      path: formatIssuePath(issuePath(issue)),
      message: issue.message,
    })),
    options,
  );
}

function documentError(issues: DocumentIssue[], options: ParseDocumentOptions): InvalidInputError {
  const first = issues[0]!;
  const where = first.line === undefined ? '' : ` (line ${first.line}, column ${first.column})`;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new InvalidInputError({
    code: options.code,
    message: `Invalid ${options.what} ${options.uri} at ${first.path}${where}: ${first.message}${more}`,
    details: {
      document: options.what,
      source: options.uri,
      path: first.path,
      line: first.line,
      column: first.column,
      issues,
    },
  });
}

/**
 * Reads a UTF-8 file, turning a missing file into `NotFoundError` (`FILE_NOT_FOUND`) and any
 * other read failure into `InvalidInputError` (`FILE_UNREADABLE`), both naming the path.
 */
export async function readTextFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new NotFoundError({
        code: 'FILE_NOT_FOUND',
        message: `No ${what} file at ${path}; check the path.`,
        details: { path },
        cause,
      });
    }
    throw new InvalidInputError({
      code: 'FILE_UNREADABLE',
      message: `Cannot read ${what} file ${path} (${code ?? 'unknown error'}); check that it is a readable file.`,
      details: { path, errno: code },
      cause,
    });
  }
}
