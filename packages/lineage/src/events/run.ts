import { ConflictError, type LineageEmitter } from '@ballast/contracts';
import type { z } from 'zod';
import type {
  inputDatasetSchema,
  Job,
  jobSchema,
  OpenLineageFacet,
  outputDatasetSchema,
  RunEvent,
  RunEventType,
} from './event-schemas';
import { runEvent } from './builders';
import { errorMessageFacetFromError, parentRunFacet } from '../facets/standard-facets';
import { uuidV7 } from './uuid-v7';

/** A job as the run helper accepts it. */
export type JobInput = z.input<typeof jobSchema>;
/** An input dataset as the run helper accepts it. */
export type InputDatasetInput = z.input<typeof inputDatasetSchema>;
/** An output dataset as the run helper accepts it. */
export type OutputDatasetInput = z.input<typeof outputDatasetSchema>;

/** The run and job a nested run reports as its parent (and the root of the tree). */
export interface ParentReference {
  run: { runId: string };
  job: { namespace: string; name: string };
  root?: { run: { runId: string }; job: { namespace: string; name: string } };
}

/** Options of {@link startRun}. */
export interface StartRunOptions {
  /** The job this run executes. */
  job: JobInput;
  /** Datasets read; repeated on the terminal event, since events accumulate. */
  inputs?: InputDatasetInput[];
  /** Datasets already known to be written (more can be passed to `complete`). */
  outputs?: OutputDatasetInput[];
  /** Run facets for the START event (for example `nominalTime`, `tags`). */
  runFacets?: Record<string, OpenLineageFacet>;
  /** Reuse a run id (for example one allocated by a scheduler); defaults to a new UUIDv7. */
  runId?: string;
  /** Parent run, for nested runs; {@link RunHandle.child} fills it in. */
  parent?: ParentReference;
  /** Producer URI for the events and facets. */
  producer?: string;
  /** Clock, injectable for tests. */
  now?: () => Date;
}

/** Options of the terminal and intermediate events. */
export interface RunEventOptions {
  /** Extra run facets for this event. */
  runFacets?: Record<string, OpenLineageFacet>;
  /** Replaces the inputs sent with this event. */
  inputs?: InputDatasetInput[];
}

/** Where a run is in its lifecycle. */
export type RunState = 'running' | 'completed' | 'failed' | 'aborted';

/** A started run; each method emits one event through the emitter. */
export interface RunHandle {
  readonly runId: string;
  readonly job: Job;
  readonly state: RunState;
  /** Emits RUNNING (for example with progress facets). */
  running(options?: RunEventOptions & { outputs?: OutputDatasetInput[] }): Promise<RunEvent>;
  /** Emits COMPLETE with the outputs written. */
  complete(outputs?: OutputDatasetInput[], options?: RunEventOptions): Promise<RunEvent>;
  /** Emits FAIL with an `errorMessage` facet carrying the message and stack. */
  fail(
    error: unknown,
    options?: RunEventOptions & { outputs?: OutputDatasetInput[] },
  ): Promise<RunEvent>;
  /** Emits ABORT. */
  abort(options?: RunEventOptions): Promise<RunEvent>;
  /** Starts a nested run whose `parent` facet points at this run (and the root run). */
  child(job: JobInput, options?: Omit<StartRunOptions, 'job' | 'parent'>): Promise<RunHandle>;
}

const terminalStates: Record<'COMPLETE' | 'FAIL' | 'ABORT', RunState> = {
  COMPLETE: 'completed',
  FAIL: 'failed',
  ABORT: 'aborted',
};

/**
 * Emits START for a new run (UUIDv7 id) and returns a handle to report its end. Exactly one
 * terminal event (COMPLETE, FAIL or ABORT) can be sent; a second one throws a `ConflictError`
 * (`RUN_ALREADY_FINISHED`). Event times are strictly increasing within a run, so
 * `(runId, eventType, eventTime)` identifies every event.
 *
 * @example
 * ```ts
 * const run = await startRun(emitter, { job: { namespace: 'ml', name: 'churn.train' }, inputs: [features] });
 * try {
 *   const version = await train();
 *   await run.complete([modelVersionDataset(version, { registryUri })]);
 * } catch (error) {
 *   await run.fail(error);
 *   throw error;
 * }
 * ```
 */
export async function startRun(
  emitter: LineageEmitter,
  options: StartRunOptions,
): Promise<RunHandle> {
  const now = options.now ?? (() => new Date());
  const producerOption = options.producer === undefined ? {} : { producer: options.producer };
  const runId = options.runId ?? uuidV7();
  const parentFacets: Record<string, OpenLineageFacet> = options.parent
    ? { parent: parentRunFacet(options.parent, producerOption) }
    : {};
  let state: RunState = 'running';
  let lastEventTime = Number.NEGATIVE_INFINITY;
  let inputs: InputDatasetInput[] = options.inputs ?? [];

  const nextEventTime = (): Date => {
    const time = Math.max(now().getTime(), lastEventTime + 1);
    lastEventTime = time;
    return new Date(time);
  };

  const send = async (
    eventType: RunEventType,
    details: { runFacets?: Record<string, OpenLineageFacet>; outputs?: OutputDatasetInput[] },
  ): Promise<RunEvent> => {
    const event = runEvent({
      eventType,
      eventTime: nextEventTime(),
      run: { runId, facets: { ...parentFacets, ...details.runFacets } },
      job: options.job,
      inputs,
      outputs: details.outputs ?? [],
      ...producerOption,
    });
    await emitter.emit(event);
    return event;
  };

  const finish = async (
    eventType: 'COMPLETE' | 'FAIL' | 'ABORT',
    details: RunEventOptions & { outputs?: OutputDatasetInput[] },
  ): Promise<RunEvent> => {
    if (state !== 'running') {
      throw new ConflictError({
        code: 'RUN_ALREADY_FINISHED',
        message: `Run ${runId} of job ${options.job.namespace}/${options.job.name} already ended (${state}); a run has exactly one terminal event.`,
        details: { runId, state, attempted: eventType },
      });
    }
    // Claim the terminal state before awaiting, so two concurrent calls cannot both emit.
    state = terminalStates[eventType];
    if (details.inputs) inputs = details.inputs;
    return send(eventType, details);
  };

  const start = await send('START', {
    ...(options.runFacets ? { runFacets: options.runFacets } : {}),
    ...(options.outputs ? { outputs: options.outputs } : {}),
  });

  return {
    runId,
    job: start.job,
    get state() {
      return state;
    },
    running(details = {}) {
      if (state !== 'running') {
        return Promise.reject(
          new ConflictError({
            code: 'RUN_ALREADY_FINISHED',
            message: `Run ${runId} already ended (${state}); RUNNING cannot follow a terminal event.`,
            details: { runId, state, attempted: 'RUNNING' },
          }),
        );
      }
      if (details.inputs) inputs = details.inputs;
      return send('RUNNING', details);
    },
    complete(outputs = [], details = {}) {
      return finish('COMPLETE', { ...details, outputs });
    },
    fail(error, details = {}) {
      return finish('FAIL', {
        ...details,
        runFacets: {
          ...details.runFacets,
          errorMessage: errorMessageFacetFromError(error, producerOption),
        },
      });
    },
    abort(details = {}) {
      return finish('ABORT', details);
    },
    child(job, childOptions = {}) {
      const self = {
        run: { runId },
        job: { namespace: start.job.namespace, name: start.job.name },
      };
      return startRun(emitter, {
        ...producerOption,
        ...(options.now ? { now: options.now } : {}),
        ...childOptions,
        job,
        parent: { ...self, root: options.parent?.root ?? options.parent ?? self },
      });
    },
  };
}
