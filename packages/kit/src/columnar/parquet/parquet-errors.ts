// The two ways a Parquet read fails on its input: the bytes are not valid Parquet, or they use
// a feature the chosen engine does not decode.
import { InvalidInputError } from '@ballast/contracts';

/** `INVALID_PARQUET`: the input is not Parquet, or it is cut or corrupt. */
export function invalidParquet(message: string, cause?: unknown): InvalidInputError {
  return new InvalidInputError({
    code: 'INVALID_PARQUET',
    message,
    details: {},
    ...(cause === undefined ? {} : { cause }),
  });
}

/** `PARQUET_UNSUPPORTED`: column `column` uses `feature`, which the native reader does not decode. */
export function unsupportedParquet(column: string, feature: string): InvalidInputError {
  return new InvalidInputError({
    code: 'PARQUET_UNSUPPORTED',
    message: `Column "${column}" uses ${feature}, which the native Parquet reader does not decode; read it with engine 'auto' or 'parquet-wasm', or leave it out with the \`columns\` option.`,
    details: { path: column, column, feature },
  });
}
