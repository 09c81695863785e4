/** What every univariate statistic returns. */
export interface StatisticResult {
  /** The test statistic or distance. */
  statistic: number;
  /** The p-value, for tests that have one. */
  pValue?: number;
}
