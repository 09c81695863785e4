import { InvalidInputError } from '@ballast/contracts';
import type { CategoricalColumn } from '../input/categorical-column';

/**
 * The column itself, or a typed error naming the side when it has no non-missing value.
 */
export function requireCategories(column: CategoricalColumn, side: string): CategoricalColumn {
  if (column.total - column.missing <= 0) {
    throw new InvalidInputError({
      code: 'INSUFFICIENT_DATA',
      message: `${side} has no non-missing values; a categorical test needs at least one on each side.`,
      details: { path: side },
    });
  }
  return column;
}
