// @ballast/cli: the `ballast` command as a library: the program builder, the runner, and the
// report renderers the commands use (text, markdown, self-contained HTML).

// the program
export { CLI_VERSION, createProgram, runCli } from './program';
export type { CliContext } from './shared/context';
export { processContext } from './shared/context';
export type { ProgramState } from './shared/program-state';
export { type ExitCode, exitCodes } from './shared/exit-codes';
export { CliError, type CliErrorOptions, formatError } from './shared/cli-error';

// the golden path (`ballast demo`)
export {
  type GoldenPathOptions,
  type GoldenPathResult,
  runGoldenPath,
  summarizeGoldenPath,
} from './demo/golden-path';

// reports
export {
  type CategoricalDistribution,
  type ColumnDistribution,
  type ColumnDistributions,
  type ColumnSource,
  type ColumnValues,
  computeColumnDistributions,
  type DistributionOptions,
  type NumericDistribution,
} from './report/column-distributions';
export { type DriftReportRenderOptions, renderDriftReportHtml } from './report/render-drift-html';
export { renderDriftReportMarkdown, renderDriftReportText } from './report/render-drift-text';
export {
  renderValidationReportHtml,
  type ValidationReportRenderOptions,
} from './report/render-validation-html';
export {
  renderValidationReportMarkdown,
  renderValidationReportText,
} from './report/render-validation-text';
export { escapeHtml } from './report/escape-html';
