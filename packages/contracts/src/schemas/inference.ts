import { z } from 'zod';

/** Open Inference Protocol tensor datatypes (BF16 from the gRPC spec included). */
export const tensorDatatypeSchema = z.enum([
  'BOOL',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FP16',
  'FP32',
  'FP64',
  'BF16',
  'BYTES',
]);

/** An Open Inference Protocol datatype name. */
export type TensorDatatype = z.infer<typeof tensorDatatypeSchema>;

/** Tensor elements, flat or nested row-major. */
export type TensorData = Array<number | string | boolean | TensorData>;

/** Tensor elements, flat or nested row-major. */
export const tensorDataSchema: z.ZodType<TensorData> = z.array(
  z.union([z.number(), z.string(), z.boolean(), z.lazy(() => tensorDataSchema)]),
);

/** Protocol parameters: string keys to string, number or boolean values. */
export const inferenceParametersSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean()]),
);

/** A tensor shape: unsigned integer dimensions. */
export const tensorShapeSchema = z.array(z.number().int().nonnegative());

/** One input tensor of an inference request. */
export const requestInputSchema = z.object({
  name: z.string().min(1),
  shape: tensorShapeSchema,
  datatype: tensorDatatypeSchema,
  parameters: inferenceParametersSchema.optional(),
  data: tensorDataSchema.optional().describe('absent only with the binary tensor extension'),
});

/** One requested output. */
export const requestOutputSchema = z.object({
  name: z.string().min(1),
  parameters: inferenceParametersSchema.optional(),
});

/**
 * An Open Inference Protocol (KServe V2) inference request body.
 *
 * @example
 * ```ts
 * const request = parseInferenceRequest({
 *   id: '42',
 *   inputs: [{ name: 'input0', shape: [2, 2], datatype: 'UINT32', data: [1, 2, 3, 4] }],
 * });
 * ```
 */
export const inferenceRequestSchema = z
  .object({
    id: z.string().optional(),
    parameters: inferenceParametersSchema.optional(),
    inputs: z.array(requestInputSchema),
    outputs: z.array(requestOutputSchema).optional(),
  })
  .meta({ id: 'InferenceRequest', title: 'InferenceRequest' });

/** An inference request. See {@link inferenceRequestSchema}. */
export type InferenceRequest = z.infer<typeof inferenceRequestSchema>;

/** One output tensor of an inference response. */
export const responseOutputSchema = z.object({
  name: z.string(),
  shape: tensorShapeSchema,
  datatype: tensorDatatypeSchema,
  parameters: inferenceParametersSchema.optional(),
  data: tensorDataSchema.optional().describe('absent only with the binary tensor extension'),
});

/**
 * An Open Inference Protocol inference response body.
 *
 * @example
 * ```ts
 * const response: InferenceResponse = {
 *   model_name: 'iris',
 *   id: '42',
 *   outputs: [{ name: 'label', shape: [1], datatype: 'INT64', data: [2] }],
 * };
 * ```
 */
export const inferenceResponseSchema = z
  .object({
    model_name: z.string(),
    model_version: z.string().optional(),
    id: z.string().optional(),
    parameters: inferenceParametersSchema.optional(),
    outputs: z.array(responseOutputSchema),
  })
  .meta({ id: 'InferenceResponse', title: 'InferenceResponse' });

/** An inference response. See {@link inferenceResponseSchema}. */
export type InferenceResponse = z.infer<typeof inferenceResponseSchema>;

/** Tensor metadata as model metadata reports it; variable dimensions are -1. */
export const tensorMetadataSchema = z.object({
  name: z.string(),
  datatype: tensorDatatypeSchema,
  shape: z.array(z.number().int().min(-1)),
});

/**
 * The Open Inference Protocol model metadata response.
 *
 * @example
 * ```ts
 * const metadata = modelMetadataSchema.parse(await (await fetch(`${url}/v2/models/iris`)).json());
 * ```
 */
export const modelMetadataSchema = z
  .object({
    name: z.string(),
    versions: z.array(z.string()).optional(),
    platform: z.string(),
    inputs: z.array(tensorMetadataSchema),
    outputs: z.array(tensorMetadataSchema),
    parameters: inferenceParametersSchema.optional(),
  })
  .meta({ id: 'ModelMetadata', title: 'ModelMetadata' });

/** Model metadata. See {@link modelMetadataSchema}. */
export type ModelMetadata = z.infer<typeof modelMetadataSchema>;

/**
 * One served request and its outcome, as handed to a `PayloadSink` for monitoring.
 *
 * @example
 * ```ts
 * const record: InferencePayload = {
 *   model: { name: 'iris', version: '3' },
 *   requestId: 'a1',
 *   receivedAt: new Date().toISOString(),
 *   latencySeconds: 0.004,
 *   request,
 *   response,
 * };
 * ```
 */
export const inferencePayloadSchema = z
  .object({
    model: z.object({ name: z.string(), version: z.string().optional() }),
    requestId: z.string(),
    receivedAt: z.iso.datetime({ offset: true }),
    latencySeconds: z.number().nonnegative(),
    request: inferenceRequestSchema,
    response: inferenceResponseSchema.optional(),
    error: z.object({ status: z.number().int(), message: z.string() }).optional(),
  })
  .meta({ id: 'InferencePayload', title: 'InferencePayload' });

/** A served request for monitoring. See {@link inferencePayloadSchema}. */
export type InferencePayload = z.infer<typeof inferencePayloadSchema>;
