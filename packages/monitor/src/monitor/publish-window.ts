import type { MonitorAlert } from '../alerts/monitor-alert';
import type { WebhookOutbox } from '../alerts/webhook-outbox';
import { windowRunEvents } from '../lineage/window-run-events';
import type { MonitorOptions } from '../options/monitor-options';
import type { WindowResult } from './window-result';

/** Where a committed window goes: the lineage emitter, the callbacks, the webhook outbox. */
export interface WindowAudience {
  options: MonitorOptions;
  /** OpenLineage namespace of the monitor's jobs. */
  namespace: string;
  /** The drift reports file, the dataset each window's run writes (when reports persist). */
  reportPath?: string;
  outbox?: WebhookOutbox;
  /** Receives what a callback or the emitter throws: one failure never stops the others. */
  report(error: unknown): void;
}

/**
 * Publishes a committed window in order: its OpenLineage run, `onWindow`, each alert transition
 * (`onAlert`, then the webhook outbox), and `onDrift` when alerts opened.
 */
export async function publishWindow(
  audience: WindowAudience,
  result: WindowResult,
  transitions: readonly MonitorAlert[],
): Promise<void> {
  await emitLineage(audience, result);
  const call = async (callback: (() => void | Promise<void>) | undefined) => {
    try {
      await callback?.();
    } catch (error) {
      audience.report(error);
    }
  };
  const { options, outbox } = audience;
  await call(options.onWindow && (() => options.onWindow?.(result)));
  for (const alert of transitions) {
    await call(options.onAlert && (() => options.onAlert?.(alert)));
    if (outbox) await call(() => outbox.enqueue(alert));
  }
  const opened = transitions.filter(alert => alert.status === 'open');
  if (opened.length > 0) {
    await call(options.onDrift && (() => options.onDrift?.({ window: result, opened })));
  }
}

async function emitLineage(audience: WindowAudience, result: WindowResult): Promise<void> {
  const emitter = audience.options.lineage;
  if (!emitter) return;
  try {
    const events = windowRunEvents({
      model: result.model,
      window: result.index,
      start: result.start,
      end: result.end,
      namespace: audience.namespace,
      ...(audience.reportPath === undefined ? {} : { reportPath: audience.reportPath }),
      drift: result.drift,
      ...(result.validation ? { validation: result.validation } : {}),
    });
    for (const event of events) await emitter.emit(event);
  } catch (error) {
    audience.report(error);
  }
}
