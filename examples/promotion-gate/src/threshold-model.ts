import type { Metric } from '@ballast/contracts';
import type { Transaction } from './synthetic-transactions';

/** A deliberately small model: flag a transaction when its risk score passes a cut-off. */
export interface ThresholdModel {
  kind: 'threshold-model';
  webBonus: number;
  cutoff: number;
}

const score = (model: Pick<ThresholdModel, 'webBonus'>, row: Transaction) =>
  row.amount / 250 + (row.channel === 'web' ? model.webBonus : 0);

/** Picks the cut-off that maximises training accuracy over a grid. */
export function trainThresholdModel(rows: readonly Transaction[]): ThresholdModel {
  const webBonus = 0.4;
  let best: ThresholdModel = { kind: 'threshold-model', webBonus, cutoff: 0 };
  let bestCorrect = -1;
  for (let cutoff = 0; cutoff <= 3; cutoff += 0.02) {
    let correct = 0;
    for (const row of rows) if (score({ webBonus }, row) > cutoff === row.isFraud) correct += 1;
    if (correct > bestCorrect) {
      bestCorrect = correct;
      best = { kind: 'threshold-model', webBonus, cutoff };
    }
  }
  return best;
}

/** Accuracy and recall overall and per country, as the policy's metric rules read them. */
export function evaluateThresholdModel(
  model: ThresholdModel,
  rows: readonly Transaction[],
): Metric[] {
  const groups = new Map<string | undefined, Transaction[]>([[undefined, [...rows]]]);
  for (const row of rows) {
    if (row.country === null) continue;
    const slice = `country=${row.country}`;
    groups.set(slice, [...(groups.get(slice) ?? []), row]);
  }
  const metrics: Metric[] = [];
  for (const [slice, group] of groups) {
    let correct = 0;
    let frauds = 0;
    let caught = 0;
    for (const row of group) {
      const flagged = score(model, row) > model.cutoff;
      if (flagged === row.isFraud) correct += 1;
      if (row.isFraud) {
        frauds += 1;
        if (flagged) caught += 1;
      }
    }
    const sliceField = slice === undefined ? {} : { slice };
    metrics.push({ name: 'accuracy', value: correct / group.length, ...sliceField });
    if (frauds > 0) metrics.push({ name: 'recall', value: caught / frauds, ...sliceField });
  }
  return metrics;
}
