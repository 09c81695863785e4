import type { AlertKind, MonitorAlert } from './monitor-alert';

/** One window's verdict for one feature (or the dataset). */
export interface DriftObservation {
  feature: string;
  kind: AlertKind;
  /** True drifted, false clean, undefined when the window could not tell (too little data). */
  drifted: boolean | undefined;
  method?: string;
  statistic?: number | null;
  threshold?: number;
}

interface Track {
  drifted: number;
  clean: number;
  alert?: MonitorAlert;
}

/** A serialisable snapshot of an {@link AlertTracker}. */
export type AlertTrackerState = Record<string, Track>;

/**
 * Hysteresis over windows: an alert opens after `openAfter` consecutive drifted windows and
 * resolves after `resolveAfter` consecutive clean ones; a window that cannot tell leaves the
 * counts unchanged. One alert per key, so a lasting drift is reported once.
 */
export class AlertTracker {
  private readonly tracks: Map<string, Track>;

  constructor(
    private readonly model: { name: string; version?: string },
    private readonly openAfter: number,
    private readonly resolveAfter: number,
    state?: AlertTrackerState,
  ) {
    this.tracks = new Map(Object.entries(state ?? {}).map(([key, track]) => [key, { ...track }]));
  }

  private key(feature: string): string {
    return `${this.model.name}:${this.model.version ?? ''}:${feature}`;
  }

  /** Feeds one window's verdicts; returns the alerts that opened or resolved. */
  update(window: number, at: string, observations: readonly DriftObservation[]): MonitorAlert[] {
    const transitions: MonitorAlert[] = [];
    for (const observation of observations) {
      if (observation.drifted === undefined) continue;
      const key = this.key(observation.feature);
      const track = this.tracks.get(key) ?? { drifted: 0, clean: 0 };
      this.tracks.set(key, track);
      const details = {
        ...(observation.method === undefined ? {} : { method: observation.method }),
        ...(observation.statistic === undefined ? {} : { statistic: observation.statistic }),
        ...(observation.threshold === undefined ? {} : { threshold: observation.threshold }),
      };
      if (observation.drifted) {
        track.drifted += 1;
        track.clean = 0;
        if (!track.alert && track.drifted >= this.openAfter) {
          track.alert = {
            id: `${key}@${window}`,
            key,
            kind: observation.kind,
            status: 'open',
            model: { ...this.model },
            feature: observation.feature,
            openedWindow: window,
            openedAt: at,
            ...details,
          };
          transitions.push({ ...track.alert });
        } else if (track.alert) {
          Object.assign(track.alert, details);
        }
      } else {
        track.clean += 1;
        track.drifted = 0;
        if (track.alert && track.clean >= this.resolveAfter) {
          transitions.push({
            ...track.alert,
            ...details,
            status: 'resolved',
            resolvedWindow: window,
            resolvedAt: at,
          });
          delete track.alert;
        }
      }
    }
    return transitions;
  }

  /** Alerts open now. */
  open(): MonitorAlert[] {
    return [...this.tracks.values()].flatMap(track => (track.alert ? [{ ...track.alert }] : []));
  }

  /** A plain-data snapshot for checkpoints. */
  toState(): AlertTrackerState {
    return Object.fromEntries(
      [...this.tracks].map(([key, track]) => [
        key,
        track.alert ? { ...track, alert: { ...track.alert } } : { ...track },
      ]),
    );
  }
}
