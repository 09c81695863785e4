import {
  type LineageDataset,
  type LineageEmitter,
  type LineageEvent,
  type PolicyDecision,
  parseLineageEvent,
  parsePolicyDecision,
} from '@ballast/contracts';
import { policyDecisionFacet } from './policy-decision-facet';

const runEventSchemaURL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';

/** Options of {@link decisionToLineageEvent} and {@link emitDecision}. */
export interface DecisionLineageOptions {
  /** OpenLineage job namespace, e.g. `ballast` or your CI system. */
  namespace: string;
  /** URI of the producing code, written to `producer` and the facet's `_producer`. */
  producer: string;
  /** Job name. Default `policy-gate.<policy name>`. */
  jobName?: string;
  /** Run id (a UUID). Default: derived from the decision's digest, so re-emitting is idempotent. */
  runId?: string;
  /** Run state. Default `COMPLETE`: the gate ran; the outcome is in the facet. */
  eventType?: NonNullable<LineageEvent['eventType']>;
  /** Input datasets, e.g. the model version being promoted. */
  inputs?: LineageDataset[];
}

/** Formats 128 bits of a hex digest as an RFC 9562 version-8 (custom) UUID. */
function uuidFromDigest(hex: string): string {
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Turns a decision into an OpenLineage 2-0-2 RunEvent carrying a `ballast_policyDecision` run
 * facet, ready for any `LineageEmitter`. The result is validated against the contracts'
 * `LineageEvent`, so a bad `producer` or `runId` throws `InvalidInputError`.
 *
 * @example
 * ```ts
 * const event = decisionToLineageEvent(decision, { namespace: 'ci', producer: 'https://github.com/acme/ml' });
 * await emitter.emit(event);
 * ```
 */
export function decisionToLineageEvent(
  decision: PolicyDecision,
  options: DecisionLineageOptions,
): LineageEvent {
  const valid = parsePolicyDecision(decision);
  const facet = policyDecisionFacet(valid, { producer: options.producer });
  return parseLineageEvent({
    eventType: options.eventType ?? 'COMPLETE',
    eventTime: valid.evaluatedAt,
    producer: options.producer,
    schemaURL: runEventSchemaURL,
    run: {
      runId: options.runId ?? uuidFromDigest(facet.decisionDigest),
      facets: { ballast_policyDecision: facet },
    },
    job: {
      namespace: options.namespace,
      name: options.jobName ?? `policy-gate.${valid.policy.name}`,
    },
    inputs: options.inputs ?? [],
    outputs: [],
  });
}

/**
 * Emits a decision through a `LineageEmitter` (a file, Marquez over HTTP, a composite).
 *
 * @example
 * ```ts
 * await emitDecision(emitter, decision, { namespace: 'ci', producer: 'https://github.com/acme/ml' });
 * ```
 */
export async function emitDecision(
  emitter: LineageEmitter,
  decision: PolicyDecision,
  options: DecisionLineageOptions,
): Promise<LineageEvent> {
  const event = decisionToLineageEvent(decision, options);
  await emitter.emit(event);
  return event;
}
