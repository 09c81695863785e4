import { invalidParameter } from '../errors/registry-errors';

/**
 * MLflow's limit on registry tag keys (`utils/validation.py`).
 */
export const MAX_TAG_KEY_LENGTH = 250;
/**
 * MLflow's limit on registry tag values.
 */
export const MAX_TAG_VALUE_LENGTH = 5000;
/**
 * Longest alias accepted (MLflow promises at least 255 characters on every backend).
 */
export const MAX_ALIAS_LENGTH = 255;
/**
 * Longest registered model name accepted.
 */
export const MAX_MODEL_NAME_LENGTH = 256;

const aliasPattern = /^[\w-]*$/;
const reservedVersionAlias = /^v\d+$/i;
const tagKeyPattern = /^[\w.\-/ :]+$/;
// Control characters (NUL included) can truncate paths or forge log lines.
const controlCharacters = {
  test: (text: string) =>
    [...text].some(character => {
      const code = character.charCodeAt(0);
      return code < 0x20 || code === 0x7f;
    }),
};

/**
 * Checks a registered model name: non-empty, at most 256 characters, no control characters
 * and no path separators or dot segments, so a name can never address a path outside the
 * registry root.
 *
 * @example
 * ```ts
 * validateModelName('fraud-detector'); // ok
 * validateModelName('../etc');          // throws INVALID_PARAMETER_VALUE
 * ```
 */
export function validateModelName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw invalidParameter(field, `Missing value for required parameter '${field}'.`);
  }
  if (name.length > MAX_MODEL_NAME_LENGTH) {
    throw invalidParameter(
      field,
      `Registered model name '${field}' is ${name.length} characters long; the limit is ${MAX_MODEL_NAME_LENGTH}.`,
    );
  }
  if (controlCharacters.test(name) || name.includes('/') || name.includes('\\')) {
    throw invalidParameter(
      field,
      `Registered model name ${JSON.stringify(name)} must not contain '/', '\\', NUL or control characters.`,
    );
  }
  if (name === '.' || name === '..') {
    throw invalidParameter(field, `Registered model name '${name}' is not allowed.`);
  }
  return name;
}

/**
 * Checks an alias the way MLflow does: `^[\w-]*$`, at most 255 characters, and not the
 * reserved `latest` or `v<number>` (case-insensitive).
 *
 * @example
 * ```ts
 * validateAlias('champion'); // ok
 * validateAlias('v2');       // throws: reserved
 * ```
 */
export function validateAlias(alias: unknown): string {
  if (typeof alias !== 'string' || alias === '') {
    throw invalidParameter('alias', "Missing value for required parameter 'alias'.");
  }
  if (alias.length > MAX_ALIAS_LENGTH || !aliasPattern.test(alias)) {
    throw invalidParameter(
      'alias',
      `Invalid alias ${JSON.stringify(alias.slice(0, 300))}: aliases use letters, digits, '_' and '-' only, at most ${MAX_ALIAS_LENGTH} characters.`,
    );
  }
  if (alias.toLowerCase() === 'latest' || reservedVersionAlias.test(alias)) {
    throw invalidParameter(
      'alias',
      `Alias '${alias}' is reserved ('latest' and 'v<number>' name versions); choose another alias.`,
    );
  }
  return alias;
}

/**
 * Checks a registry tag: key of 1-250 characters from `[\w.\-/ :]` without `..` or a leading
 * `/`, value of at most 5000 characters (MLflow's limits).
 *
 * @example
 * ```ts
 * validateTag('team', 'risk'); // ok
 * ```
 */
export function validateTag(key: unknown, value: unknown): void {
  if (typeof key !== 'string' || key === '') {
    throw invalidParameter('key', "Missing value for required parameter 'key'.");
  }
  if (key.length > MAX_TAG_KEY_LENGTH) {
    throw invalidParameter(
      'key',
      `Tag key is ${key.length} characters long; the limit is ${MAX_TAG_KEY_LENGTH}.`,
      { key: key.slice(0, 50) },
    );
  }
  if (!tagKeyPattern.test(key) || key.startsWith('/') || key.split('/').includes('..')) {
    throw invalidParameter(
      'key',
      `Invalid tag key ${JSON.stringify(key)}: use letters, digits and '_', '-', '.', ' ', ':', '/' (no '..', no leading '/').`,
      { key },
    );
  }
  if (typeof value !== 'string') {
    throw invalidParameter('value', `Tag '${key}' needs a string value.`, { key });
  }
  if (value.length > MAX_TAG_VALUE_LENGTH) {
    throw invalidParameter(
      'value',
      `Value of tag '${key}' is ${value.length} characters long; the limit is ${MAX_TAG_VALUE_LENGTH}.`,
      { key },
    );
  }
}

/** Validates every entry of a tag record. */
export function validateTags(tags: Record<string, string> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags ?? {})) {
    validateTag(key, value);
    result[key] = value;
  }
  return result;
}

/**
 * Parses a version given as MLflow does (a positive integer, as a string).
 */
export function parseVersionNumber(version: unknown, field = 'version'): number {
  const text = typeof version === 'number' ? String(version) : version;
  if (typeof text !== 'string' || !/^[1-9]\d{0,15}$/.test(text)) {
    throw invalidParameter(
      field,
      `Parameter '${field}' must be a positive integer (as a string, e.g. '3'); got ${JSON.stringify(version)}.`,
    );
  }
  return Number(text);
}

/**
 * Checks a path relative to a version's artifact root: non-empty `/`-separated segments, no
 * `.` or `..`, no absolute path, no backslash, NUL or control character. Such a path can be
 * joined to a directory without escaping it.
 */
export function validateRelativePath(path: unknown, field = 'path'): string {
  if (typeof path !== 'string' || path === '') {
    throw invalidParameter(field, `Missing value for required parameter '${field}'.`);
  }
  const segments = path.split('/');
  if (
    controlCharacters.test(path) ||
    path.includes('\\') ||
    /^[a-zA-Z]:/.test(path) ||
    segments.some(segment => segment === '' || segment === '.' || segment === '..')
  ) {
    throw invalidParameter(
      field,
      `Path ${JSON.stringify(path)} must be relative, '/'-separated, without '.', '..', empty segments, '\\' or control characters.`,
      { path },
    );
  }
  return path;
}
