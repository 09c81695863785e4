import { editDistance } from '@ballast/kit';

/**
 * Great Expectations core expectations Ballast does not evaluate, so a suite written for GX
 * that uses one is told so instead of being offered a near-miss name.
 */
const unsupportedGxExpectations: Readonly<Record<string, string>> = {
  expect_column_kl_divergence_to_be_less_than:
    'it needs a GX partition object; Ballast reports drift with @ballast/drift-stats',
  expect_column_pair_cramers_phi_value_to_be_less_than: 'GX itself no longer implements it',
  expect_query_results_to_match_comparison: 'it compares SQL queries across data sources',
  unexpected_rows_expectation: 'it runs a SQL query against a data source',
};

/**
 * Up to three known names closest to `name`, nearest first: those within a third of its length
 * in edits (a typo or a neighbouring expectation), or containing it (a fragment such as
 * `values_to_be_unique`), and not much farther than the closest.
 */
export function suggestExpectationTypes(name: string, known: readonly string[]): string[] {
  const wanted = name.toLowerCase();
  // Long inputs cannot be close to any name; measuring them would only cost time.
  if (wanted.length > 200) return [];
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  const close = known
    .map(candidate => ({
      candidate,
      distance:
        wanted.length >= 4 && candidate.includes(wanted) ? 0.5 : editDistance(wanted, candidate),
    }))
    .filter(({ distance }) => distance <= limit)
    .sort((left, right) => left.distance - right.distance);
  // Only names about as close as the best one: a one-letter typo needs no runners-up.
  const best = close[0]?.distance ?? 0;
  return close
    .filter(({ distance }) => distance <= best + 2)
    .slice(0, 3)
    .map(({ candidate }) => candidate);
}

/**
 * The message for an expectation whose `type` is not one Ballast knows: short (never the whole
 * catalog), with the closest names as "did you mean" suggestions.
 */
export function unknownExpectationTypeMessage(type: unknown, known: readonly string[]): string {
  if (type === undefined) return 'missing expectation type (e.g. "expect_column_to_exist")';
  if (typeof type !== 'string')
    return `expected an expectation type name, got ${type === null ? 'null' : typeof type}`;
  const shown = JSON.stringify(type.length > 80 ? `${type.slice(0, 80)}…` : type);
  const reason = Object.hasOwn(unsupportedGxExpectations, type)
    ? unsupportedGxExpectations[type]
    : undefined;
  if (reason !== undefined) return `unsupported expectation type ${shown}: ${reason}`;
  const suggestions = suggestExpectationTypes(type, known);
  const hint =
    suggestions.length === 0
      ? ` (${known.length} types are supported; see expectationTypes)`
      : `; did you mean ${suggestions.map(name => `"${name}"`).join(' or ')}?`;
  return `unknown expectation type ${shown}${hint}`;
}
