/**
 * ROC AUC of scores against binary labels, as the Mann-Whitney U statistic with tied scores
 * counted half. Undefined when one class is absent.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | undefined {
  const order = Array.from({ length: scores.length }, (_, index) => index).sort(
    (left, right) => (scores[left] as number) - (scores[right] as number),
  );
  let positives = 0;
  let rankSum = 0;
  let index = 0;
  while (index < order.length) {
    let end = index;
    const score = scores[order[index] as number] as number;
    while (end + 1 < order.length && scores[order[end + 1] as number] === score) end += 1;
    const averageRank = (index + end) / 2 + 1;
    for (let tie = index; tie <= end; tie += 1) {
      if (labels[order[tie] as number] === 1) {
        positives += 1;
        rankSum += averageRank;
      }
    }
    index = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return undefined;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
