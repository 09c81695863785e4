import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of official specifications vendored into this repository (with their license
 * notices), so tests validate against them from a bare clone with nothing outside the
 * repository: `specs/openlineage/2-0-2/OpenLineage.json` and its facets.
 *
 * @example
 * ```ts
 * const spec = join(vendoredSpecsRoot(), 'specs/openlineage/2-0-2/OpenLineage.json');
 * ```
 */
export function vendoredSpecsRoot(): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'vendor');
}

/** The vendored OpenLineage 2-0-2 JSON Schema folder (`OpenLineage.json`, `facets/`). */
export function openLineageSpecDirectory(): string {
  return join(vendoredSpecsRoot(), 'specs', 'openlineage', '2-0-2');
}
