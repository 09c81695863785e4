/** What an alert is about: a feature's drift, the dataset's, or a CBPE estimate out of bounds. */
export type AlertKind = 'feature_drift' | 'dataset_drift' | 'performance';

/**
 * A drift alert, sent when it opens and again when it resolves. One alert at most is open per
 * model, version and feature (`key`); `id` names one open-to-resolved episode.
 */
export interface MonitorAlert {
  /** Identifies this episode: `<key>@<openedWindow>`. */
  id: string;
  /** Deduplication key: `<model>:<version>:<feature>`. */
  key: string;
  /** Feature drift, drift of the dataset as a whole (feature `__dataset__`), or estimated performance. */
  kind: AlertKind;
  /** `open` when raised, `resolved` when it clears. */
  status: 'open' | 'resolved';
  /** The monitored model. */
  model: { name: string; version?: string };
  /** Column name, `__dataset__`, or `estimated_accuracy` / `estimated_f1` / `estimated_roc_auc`. */
  feature: string;
  /** Window index at which the alert opened. */
  openedWindow: number;
  /** When it opened (the window's end), ISO 8601. */
  openedAt: string;
  /** Window index at which it resolved. */
  resolvedWindow?: number;
  /** When it resolved, ISO 8601. */
  resolvedAt?: string;
  /** Drift method of the latest window. */
  method?: string;
  /** Drift statistic of the latest window. */
  statistic?: number | null;
  /** Threshold the statistic is compared with. */
  threshold?: number;
}
