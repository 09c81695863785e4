/**
 * Points in a write where the file registry lets a test inject a fault (typically killing
 * its own process), to prove that a writer dying there leaves no visible partial version.
 */
export type FaultPoint = 'after-artifacts' | 'before-commit' | 'mid-commit';

/**
 * Fault injection hooks of the file store. Internal: only tests pass them (through
 * `openFileRegistry`, which the package does not export); the published build never reads
 * an environment variable or any other ambient switch for this.
 */
export interface FaultHooks {
  /**
   * Called when a write reaches `point`. At `mid-commit` half of the journal line has been
   * written and fsynced, so a hook that kills the process leaves a torn tail.
   */
  reach(point: FaultPoint): void | Promise<void>;
}
