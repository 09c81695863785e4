import type { DriftReport, LineageEvent, LineageFacet, ValidationReport } from '@ballast/contracts';
import { sha256Hex } from '@ballast/kit';
import { driftReportFacet, fileDataset, validationReportFacet } from '@ballast/lineage';

// OpenLineage 2-0-2, the version contracts' LineageEvent follows.
const RUN_EVENT_SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';

/** The producer URI written into the monitor's lineage events. */
export const MONITOR_PRODUCER = 'https://ballast.dev/monitor';

/** What one window's run reads and writes. */
export interface WindowRunInput {
  model: { name: string; version?: string };
  window: number;
  start: string;
  end: string;
  namespace: string;
  /** The drift report file, when reports are persisted. */
  reportPath?: string;
  drift: DriftReport;
  validation?: ValidationReport;
}

// A name-based UUID (version 8 layout) from the model and window index, so a window re-analysed
// after a restart emits the same run id and receivers can deduplicate it.
function windowRunId(model: { name: string; version?: string }, window: number): string {
  const hex = sha256Hex(
    `ballast-monitor\u0000${model.name}\u0000${model.version ?? ''}\u0000${window}`,
  );
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * The OpenLineage START and COMPLETE events of one window: job `monitor.<model>` reads the
 * serving dataset of the model version and writes the report file, whose dataset carries the
 * `ballast_driftReport` facet (and `ballast_validationReport` when a suite ran).
 */
export function windowRunEvents(input: WindowRunInput): [LineageEvent, LineageEvent] {
  const runId = windowRunId(input.model, input.window);
  const job = { namespace: input.namespace, name: `monitor.${input.model.name}` };
  const servingDataset = {
    namespace: input.namespace,
    name: `serving.${input.model.name}${input.model.version ? `.${input.model.version}` : ''}`,
  };
  const facets: Record<string, LineageFacet> = {
    ballast_driftReport: driftReportFacet(input.drift, { producer: MONITOR_PRODUCER }),
  };
  if (input.validation) {
    facets.ballast_validationReport = validationReportFacet(input.validation, {
      producer: MONITOR_PRODUCER,
    });
  }
  // The report file by OpenLineage's file naming, or a logical name when nothing is persisted.
  const reportDataset = input.reportPath
    ? fileDataset(input.reportPath)
    : { namespace: input.namespace, name: `monitor.${input.model.name}.reports` };
  const base = {
    producer: MONITOR_PRODUCER,
    schemaURL: RUN_EVENT_SCHEMA_URL,
    run: { runId },
    job,
  };
  return [
    { ...base, eventType: 'START', eventTime: input.start, inputs: [servingDataset], outputs: [] },
    {
      ...base,
      eventType: 'COMPLETE',
      eventTime: input.end,
      inputs: [servingDataset],
      outputs: [{ ...reportDataset, facets }],
    },
  ];
}
