import { z } from 'zod';
import { nameSchema, specVersionSchema } from './common';

/** Logical column types shared by validation, drift and schema inference. */
export const logicalTypeSchema = z.enum([
  'integer',
  'float',
  'boolean',
  'string',
  'categorical',
  'timestamp',
  'date',
  'binary',
  'struct',
  'list',
  'null',
]);

/** A logical column type. */
export type LogicalType = z.infer<typeof logicalTypeSchema>;

/** The shape of one column; `children` holds struct fields or the list element. */
export interface ColumnSchema {
  name: string;
  type: LogicalType;
  nullable: boolean;
  arrowType?: string | undefined;
  description?: string | undefined;
  children?: ColumnSchema[] | undefined;
}

/**
 * One column of a table: name, logical type, nullability, and nested children for struct
 * and list columns (addressed elsewhere by dot paths).
 *
 * @example
 * ```ts
 * const column: ColumnSchema = { name: 'amount', type: 'float', nullable: false };
 * ```
 */
export const columnSchemaSchema: z.ZodType<ColumnSchema> = z
  .object({
    name: nameSchema,
    type: logicalTypeSchema,
    nullable: z.boolean(),
    arrowType: z.string().optional().describe('Arrow type as printed by apache-arrow'),
    description: z.string().optional(),
    get children() {
      return z.array(columnSchemaSchema).optional();
    },
  })
  .meta({ id: 'ColumnSchema', title: 'ColumnSchema' });

/**
 * The columns of a table, in order.
 *
 * @example
 * ```ts
 * const schema: TableSchema = {
 *   kind: 'TableSchema',
 *   specVersion: 'ballast.dev/v1',
 *   columns: [{ name: 'amount', type: 'float', nullable: false }],
 * };
 * ```
 */
export const tableSchemaSchema = z
  .object({
    kind: z.literal('TableSchema'),
    specVersion: specVersionSchema,
    name: z.string().optional(),
    columns: z.array(columnSchemaSchema),
  })
  .meta({ id: 'TableSchema', title: 'TableSchema' });

/** A table's columns. See {@link tableSchemaSchema}. */
export type TableSchema = z.infer<typeof tableSchemaSchema>;
