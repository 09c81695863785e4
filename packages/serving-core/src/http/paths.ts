import { InvalidInputError } from '@ballast/contracts';
import { excerpt } from '../codec/excerpt';

const inferPrefix = '/v2/models/';
const inferSuffix = '/infer';
const versionsMarker = '/versions/';

/**
 * The hot route, `/v2/models/{name}[/versions/{version}]/infer` with plain segments, read
 * without splitting the path into arrays. Anything unusual (query string, percent-encoding,
 * doubled slashes) returns undefined and takes the general router, which gives the same answer.
 */
export function parseInferPath(
  path: string,
): { name: string; version: string | undefined } | undefined {
  if (!path.startsWith(inferPrefix) || !path.endsWith(inferSuffix)) return undefined;
  const middle = path.slice(inferPrefix.length, path.length - inferSuffix.length);
  if (middle === '' || middle.includes('%') || middle.includes('?')) return undefined;
  const slash = middle.indexOf('/');
  if (slash < 0) return { name: middle, version: undefined };
  const name = middle.slice(0, slash);
  if (name === '' || !middle.startsWith(versionsMarker, slash)) return undefined;
  const version = middle.slice(slash + versionsMarker.length);
  if (version === '' || version.includes('/')) return undefined;
  return { name, version };
}

/** The path without its query string, and its non-empty, percent-decoded segments. */
export function splitPath(requestPath: string): { path: string; segments: string[] } {
  const path = requestPath.split('?')[0] ?? '';
  const segments = path
    .split('/')
    .filter(segment => segment !== '')
    .map(decodeSegment);
  return { path, segments };
}

function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch (cause) {
    throw new InvalidInputError({
      code: 'MALFORMED_PATH',
      message: `The path segment "${excerpt(segment)}" is not valid percent-encoding.`,
      details: { field: 'path' },
      cause,
    });
  }
}
