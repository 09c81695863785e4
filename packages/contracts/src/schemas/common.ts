import { z } from 'zod';
import { SPEC_VERSION } from '../spec-version';

/** `specVersion` of every Ballast document. */
export const specVersionSchema = z.literal(SPEC_VERSION).describe('Ballast document version');

/** An ISO 8601 timestamp with a time zone offset, as written by `new Date().toISOString()`. */
export const timestampSchema = z.iso.datetime({ offset: true }).describe('ISO 8601 date-time');

/** A lowercase hex SHA-256 digest. */
export const sha256Schema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex characters (a sha256 digest)')
  .describe('lowercase hex SHA-256 digest');

/** A non-empty string. */
export const nameSchema = z.string().min(1, 'expected a non-empty string');

/** String-to-string tags, as MLflow and OpenLineage store them. */
export const tagsSchema = z.record(z.string(), z.string());

/** A non-negative integer count. */
export const countSchema = z.number().int().nonnegative();
