/**
 * The exit codes every `ballast` command uses. Checks follow Conftest: 0 passes, 1 a finding
 * (drift, a failed suite, a broken log, a warning with `--fail-on-warn`), 2 a denied gate; 3 is
 * reserved for errors (bad usage, unreadable input), so a script can tell "the data drifted"
 * from "the command could not run".
 */
export const exitCodes = {
  /** The command ran and found nothing to report (or the gate allowed). */
  ok: 0,
  /** The command ran and found a problem: drift, a failed expectation, an invalid log, a warning. */
  finding: 1,
  /** The promotion gate denied (policy-gates' `exitCode`). */
  denied: 2,
  /** The command could not run: bad usage, a missing or unreadable file, a server error. */
  error: 3,
} as const;

/** One of {@link exitCodes}. */
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];
