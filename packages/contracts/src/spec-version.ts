/**
 * The version string carried by every Ballast document as `specVersion`.
 *
 * @example
 * ```ts
 * const report = { kind: 'DriftReport', specVersion: SPEC_VERSION, ... };
 * ```
 */
export const SPEC_VERSION = 'ballast.dev/v1' as const;

/** The literal type of {@link SPEC_VERSION}. */
export type SpecVersion = typeof SPEC_VERSION;
