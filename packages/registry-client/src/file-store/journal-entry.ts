import { approvalStatusSchema, modelVersionStatusSchema } from '@ballast/contracts';

// The shapes of journal lines, checked on replay so that a line damaged from outside (edited
// by hand, spliced from another file) stops reads with an error naming it, instead of a raw
// TypeError or a silently skipped change. Hand-written rather than zod: replay checks every
// line of the journal when a process opens the registry, and this is about three times
// cheaper. Unknown fields pass (later versions of the package may add some).

type Check = (value: unknown, path: string) => string | undefined;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const string: Check = (value, path) =>
  typeof value === 'string' ? undefined : `${path}: expected a string`;
const name: Check = (value, path) =>
  typeof value === 'string' && value !== '' ? undefined : `${path}: expected a non-empty string`;
const finite: Check = (value, path) =>
  typeof value === 'number' && Number.isFinite(value) ? undefined : `${path}: expected a number`;
const count: Check = (value, path) =>
  Number.isSafeInteger(value) && (value as number) >= 0
    ? undefined
    : `${path}: expected a non-negative integer`;
const versionNumber: Check = (value, path) =>
  Number.isSafeInteger(value) && (value as number) >= 1
    ? undefined
    : `${path}: expected a version number`;
const optional =
  (check: Check): Check =>
  (value, path) =>
    value === undefined ? undefined : check(value, path);
const oneOf =
  (allowed: readonly string[]): Check =>
  (value, path) =>
    allowed.includes(value as string)
      ? undefined
      : `${path}: expected one of ${allowed.join(', ')}`;
const recordOf =
  (check: Check): Check =>
  (value, path) => {
    if (!isRecord(value)) return `${path}: expected an object`;
    for (const [key, item] of Object.entries(value)) {
      const issue = check(item, `${path}.${key}`);
      if (issue) return issue;
    }
    return undefined;
  };
const arrayOf =
  (check: Check): Check =>
  (value, path) => {
    if (!Array.isArray(value)) return `${path}: expected an array`;
    for (let index = 0; index < value.length; index += 1) {
      const issue = check(value[index], `${path}.${index}`);
      if (issue) return issue;
    }
    return undefined;
  };
const object =
  (fields: Record<string, Check>): Check =>
  (value, path) => {
    if (!isRecord(value)) return `${path}: expected an object`;
    for (const [key, check] of Object.entries(fields)) {
      const issue = check(value[key], path === '' ? key : `${path}.${key}`);
      if (issue) return issue;
    }
    return undefined;
  };

const tags = recordOf(string);

const storedModel = object({
  name,
  description: optional(string),
  tags,
  aliases: recordOf(versionNumber),
  createdAt: finite,
  updatedAt: finite,
  lastVersion: count,
});

const storedArtifact = object({
  path: name,
  sha256: (value, path) =>
    typeof value === 'string' && /^[0-9a-f]{64}$/.test(value)
      ? undefined
      : `${path}: expected a lowercase hex sha256`,
  size: count,
  uri: optional(string),
});

const storedVersion = object({
  name,
  version: versionNumber,
  createdAt: finite,
  updatedAt: finite,
  description: optional(string),
  source: string,
  runId: optional(string),
  status: oneOf(modelVersionStatusSchema.options),
  approval: oneOf(approvalStatusSchema.options),
  tags,
  datasets: optional(arrayOf(object({ namespace: string, name: string }))),
  artifacts: arrayOf(storedArtifact),
});

const operations: Record<string, Check> = {
  'put-model': object({ model: storedModel }),
  'delete-model': object({ name }),
  'put-version': object({ version: storedVersion }),
  'delete-version': object({ name, version: versionNumber }),
};

const operation: Check = (value, path) => {
  if (!isRecord(value)) return `${path}: expected an object`;
  const check = typeof value.op === 'string' ? operations[value.op] : undefined;
  if (!check) return `${path}.op: expected one of ${Object.keys(operations).join(', ')}`;
  return check(value, path);
};

/** Why a parsed line is not a journal entry (`{ ops: [...] }`), or undefined when it is one. */
export const checkJournalEntry = (value: unknown): string | undefined =>
  object({ ops: arrayOf(operation) })(value, '');

/** Why a parsed first line is not a journal header, or undefined when it is one. */
export const checkJournalHeader = (value: unknown): string | undefined =>
  object({
    journal: oneOf(['ballast.registry']),
    format: (item, path) => (item === 1 ? undefined : `${path}: expected 1`),
    generation: name,
  })(value, '');
