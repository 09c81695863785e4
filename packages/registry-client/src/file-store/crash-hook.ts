/**
 * Environment variable naming a point where the file registry kills its own process with
 * SIGKILL. Only crash tests set it, to prove that a writer dying at that point leaves no
 * visible partial version; points are `after-artifacts`, `before-commit` and `mid-commit`.
 */
export const CRASH_POINT_VARIABLE = 'BALLAST_REGISTRY_CRASH_AT';

/** Kills the process with SIGKILL when {@link CRASH_POINT_VARIABLE} names `point`. */
export function crashPoint(point: 'after-artifacts' | 'before-commit' | 'mid-commit'): void {
  if (process.env[CRASH_POINT_VARIABLE] === point) process.kill(process.pid, 'SIGKILL');
}
