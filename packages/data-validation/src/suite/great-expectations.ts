import type { ExpectationConfiguration, ExpectationSuite } from './expectation-schemas';

// Great Expectations has written suites in two shapes. GX 0.18: `expectation_suite_name`,
// `ge_cloud_id`, `data_asset_type`, and expectations as `{ expectation_type, kwargs, meta }`.
// GX 1.x: `name`, `id`, `notes`, and expectations as `{ type, kwargs, meta, id, notes,
// description, severity }` where severity is `critical`, `warning` or `info`. Both are read
// into Ballast's suite (`critical` is Ballast's `error`); `toGxSuite` writes the GX 1.x shape.
// Ballast's own fields that GX does not know (TFDV environments) travel in `meta.ballast`.

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Where Ballast keeps, inside GX `meta`, the fields GX has no place for. */
const ballastMetaKey = 'ballast';

/** `meta` without Ballast's own entry, and that entry's fields. */
function splitMeta(meta: unknown): { meta: unknown; extra: Json } {
  if (!isObject(meta) || !isObject(meta[ballastMetaKey])) return { meta, extra: {} };
  const { [ballastMetaKey]: extra, ...rest } = meta;
  return { meta: Object.keys(rest).length > 0 ? rest : undefined, extra: extra as Json };
}

/** Drops keys whose value is null or undefined (GX writes `"notes": null`, `"id": null`). */
function withoutNulls(input: Json): Json {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value != null));
}

/**
 * One expectation as Ballast reads it, from either GX shape: `expectation_type` becomes `type`,
 * `ge_cloud_id` becomes `id`, severity `critical` becomes `error`, GX's rendering cache and null
 * fields are dropped, and `meta.ballast` fields move back to the top. Anything else is left for
 * the strict schema to judge.
 */
export function fromGxExpectation(input: unknown): unknown {
  if (!isObject(input)) return input;
  const {
    expectation_type: legacyType,
    ge_cloud_id: legacyId,
    rendered_content: _rendered,
    ...rest
  } = input;
  const expectation = withoutNulls(rest);
  if (expectation.type === undefined && legacyType !== undefined) expectation.type = legacyType;
  if (expectation.id === undefined && legacyId != null) expectation.id = legacyId;
  if (expectation.severity === 'critical') expectation.severity = 'error';
  const { meta, extra } = splitMeta(expectation.meta);
  if (meta === undefined) delete expectation.meta;
  else expectation.meta = meta;
  return { ...expectation, ...extra };
}

/**
 * A suite document as Ballast reads it, from either GX shape (see {@link fromGxExpectation} for
 * its expectations): `expectation_suite_name` becomes `name`, `ge_cloud_id` becomes `id`, and
 * GX 0.18's `data_asset_type` (unused since GX 0.13) is dropped.
 */
export function fromGxSuite(input: unknown): unknown {
  if (!isObject(input)) return input;
  const {
    expectation_suite_name: legacyName,
    ge_cloud_id: legacyId,
    data_asset_type: _assetType,
    ...rest
  } = input;
  const suite = withoutNulls(rest);
  if (suite.name === undefined && legacyName !== undefined) suite.name = legacyName;
  if (suite.id === undefined && legacyId != null) suite.id = legacyId;
  const { meta, extra } = splitMeta(suite.meta);
  if (meta === undefined) delete suite.meta;
  else suite.meta = meta;
  return { ...suite, ...extra };
}

/** One expectation of a GX 1.x suite, as {@link toGxSuite} writes it. */
export interface GxExpectationJson {
  type: string;
  kwargs: Record<string, unknown>;
  meta: Record<string, unknown>;
  id?: string;
  notes?: string | string[];
  description?: string;
  severity: 'critical' | 'warning' | 'info';
}

/** A GX 1.x expectation suite, as `ExpectationSuite.to_json_dict()` lays it out. */
export interface GxSuiteJson {
  name: string;
  id?: string;
  expectations: GxExpectationJson[];
  meta: Record<string, unknown>;
  notes?: string | string[];
}

/** `meta` with Ballast-only fields tucked under `meta.ballast`, or `meta` as it was. */
function joinMeta(meta: Record<string, unknown> | undefined, extra: Json): Record<string, unknown> {
  const defined = withoutNulls(extra);
  return Object.keys(defined).length === 0 ? { ...meta } : { ...meta, [ballastMetaKey]: defined };
}

function toGxExpectation(expectation: ExpectationConfiguration): GxExpectationJson {
  const kwargs: Record<string, unknown> = { ...expectation.kwargs };
  // GX keeps a row condition among the kwargs.
  if (expectation.row_condition !== undefined) {
    kwargs.row_condition = expectation.row_condition;
    kwargs.condition_parser = expectation.condition_parser;
  }
  return {
    type: expectation.type,
    kwargs,
    meta: joinMeta(expectation.meta, {
      in_environment: expectation.in_environment,
      not_in_environment: expectation.not_in_environment,
    }),
    ...(expectation.id === undefined ? {} : { id: expectation.id }),
    ...(expectation.notes === undefined ? {} : { notes: expectation.notes }),
    ...(expectation.description === undefined ? {} : { description: expectation.description }),
    severity:
      expectation.severity === undefined || expectation.severity === 'error'
        ? 'critical'
        : expectation.severity,
  };
}

/**
 * Writes a suite as Great Expectations 1.x JSON (`name`, `id`, `expectations[]` with `type`,
 * `kwargs`, `meta`, `id`, `notes`, `severity`), ready for `ExpectationSuite(**json)` or a GX
 * file store. Severity `error` is written as GX's `critical`; row conditions go back into the
 * kwargs; TFDV environments, which GX lacks, are kept in `meta.ballast` and read back by
 * `parseSuite`, so a suite survives the round trip.
 *
 * @example
 * ```ts
 * const suite = parseSuite(await readFile('orders.json', 'utf8'));
 * await writeFile('orders.gx.json', JSON.stringify(toGxSuite(suite), null, 2));
 * ```
 */
export function toGxSuite(suite: ExpectationSuite): GxSuiteJson {
  return {
    name: suite.name,
    ...(suite.id === undefined ? {} : { id: suite.id }),
    expectations: suite.expectations.map(toGxExpectation),
    meta: joinMeta(suite.meta, { default_environment: suite.default_environment }),
    ...(suite.notes === undefined ? {} : { notes: suite.notes }),
  };
}
