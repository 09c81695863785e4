import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The `shared/` folder that sits beside the checkout (`<parent>/shared`), holding the
 * reference facts and official specs tests validate against. Throws when it is missing,
 * so a test never passes by silently skipping its oracle.
 *
 * @example
 * ```ts
 * const spec = join(findSharedDirectory(), 'specs/openlineage/2-0-2/OpenLineage.json');
 * ```
 */
export function findSharedDirectory(
  start: string = dirname(fileURLToPath(import.meta.url)),
): string {
  let directory = start;
  for (;;) {
    const candidate = join(directory, 'shared', 'DESIGN.md');
    if (existsSync(candidate)) return join(directory, 'shared');
    const parent = dirname(directory);
    if (parent === directory) {
      throw new Error(
        `No shared/ folder (with DESIGN.md) found above ${start}; clone the repository beside ../shared.`,
      );
    }
    directory = parent;
  }
}
