import type { PolicyDecision } from '@ballast/contracts';

/** Options of {@link exitCode}. */
export interface ExitCodeOptions {
  /** Exit 1 when the outcome is `warn` (Conftest's `--fail-on-warn`). Default false. */
  failOnWarn?: boolean;
}

/**
 * The process exit code for a decision, as Conftest with `--fail-on-warn`: 0 allowed,
 * 1 warnings only (only with `failOnWarn`; otherwise 0), 2 denied. Unlike Conftest without
 * the flag (which exits 1 on failures), a denial is always 2, so scripts can tell the cases
 * apart without knowing the flag.
 *
 * @example
 * ```ts
 * process.exitCode = exitCode(decision, { failOnWarn: true });
 * ```
 */
export function exitCode(
  decision: Pick<PolicyDecision, 'outcome'>,
  options: ExitCodeOptions = {},
): 0 | 1 | 2 {
  if (decision.outcome === 'deny') return 2;
  if (decision.outcome === 'warn' && options.failOnWarn) return 1;
  return 0;
}
