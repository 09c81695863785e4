const isInputType = (flag: string) => flag === '--input-type' || flag.startsWith('--input-type=');

/**
 * The `execArgv` to start a worker thread from a file with: `undefined` (inherit the parent's
 * Node flags, loaders such as `--import` included) unless the parent runs under `--input-type`,
 * which only `--eval` input accepts (a worker started from a file would fail with
 * `ERR_INPUT_TYPE_NOT_ALLOWED`); then the parent's flags without it. Inheriting is the default
 * because an explicit list must not hold V8 options such as `--max-old-space-size`
 * (`ERR_WORKER_INVALID_EXEC_ARGV`), which inheritance accepts.
 *
 * @param argv the parent's flags; `process.execArgv` unless given
 */
export function workerExecArgv(argv: readonly string[] = process.execArgv): string[] | undefined {
  if (!argv.some(isInputType)) return undefined;
  const flags: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index] as string;
    if (flag === '--input-type') index += 1;
    else if (!isInputType(flag)) flags.push(flag);
  }
  return flags;
}
