import {
  createFileTransport,
  type InputDatasetInput,
  type OpenLineageFacet,
  type RunHandle,
  startRun,
} from '@ballast/lineage';
import { type CliContext, resolvePath } from './context';

/** Producer URI of the events the CLI emits. */
export const CLI_PRODUCER = 'https://github.com/ballast-dev/ballast/tree/main/packages/cli';
/** Job namespace of the CLI's runs. */
export const CLI_JOB_NAMESPACE = 'ballast';

/** A run being recorded to `--lineage <file>`, or nothing when the option is absent. */
export interface CliLineageRun {
  /** COMPLETE, with facets (for example the validation report) on the input dataset. */
  complete(inputFacets?: Record<string, OpenLineageFacet>): Promise<void>;
  /** FAIL, after the command threw. */
  fail(error: unknown): Promise<void>;
}

/**
 * Starts an OpenLineage run of `job` reading `input`, appended as JSON lines to `path`
 * (`ballast lineage graph --events <path>` reads them back).
 */
export async function startCliLineageRun(
  context: CliContext,
  path: string | undefined,
  job: string,
  input: { namespace: string; name: string },
): Promise<CliLineageRun | undefined> {
  if (path === undefined) return undefined;
  const transport = createFileTransport({ path: resolvePath(context, path) });
  const run: RunHandle = await startRun(transport, {
    job: { namespace: CLI_JOB_NAMESPACE, name: job },
    inputs: [input],
    producer: CLI_PRODUCER,
  });
  const finish = async (send: () => Promise<unknown>) => {
    try {
      await send();
    } finally {
      await transport.close?.();
    }
  };
  return {
    complete: facets =>
      finish(() =>
        run.complete([], facets ? { inputs: [{ ...input, facets } as InputDatasetInput] } : {}),
      ),
    fail: error => finish(() => run.fail(error)),
  };
}
