import {
  evidenceMissing,
  failed,
  listForMessage,
  passed,
  type RuleEvaluator,
  reasonCodes,
} from './rule-finding';

/**
 * Evaluates `artifact-integrity` rules: every artifact in `modelVersion.artifacts` has a
 * recomputed digest in `artifactDigests` (matched by path) and the two sha256 values are
 * equal. A missing digest fails; a version with no artifacts fails closed. Digests of files
 * the registry does not list are reported but do not fail.
 */
export const evaluateArtifactIntegrity: RuleEvaluator<'artifact-integrity'> = (_rule, context) => {
  const expected = 'recomputed sha256 equals the registry record for every artifact';
  const modelVersion = context.evidence?.modelVersion;
  if (!modelVersion) return evidenceMissing('model version', expected);
  const digests = context.evidence?.artifactDigests;
  if (!digests) return evidenceMissing('recomputed artifact digests', expected);
  if (modelVersion.artifacts.length === 0) {
    return failed(reasonCodes.artifactsEmpty, 'The model version lists no artifacts to verify.', {
      expected,
    });
  }
  const recomputed = new Map(digests.map(entry => [entry.path, entry.sha256]));
  const mismatched: Array<{ path: string; registry: string; recomputed: string }> = [];
  const missing: string[] = [];
  for (const artifact of modelVersion.artifacts) {
    const digest = recomputed.get(artifact.path);
    if (digest === undefined) missing.push(artifact.path);
    else if (digest !== artifact.sha256) {
      mismatched.push({ path: artifact.path, registry: artifact.sha256, recomputed: digest });
    }
  }
  const registered = new Set(modelVersion.artifacts.map(artifact => artifact.path));
  const unlisted = digests.filter(entry => !registered.has(entry.path)).map(entry => entry.path);
  const observed = {
    verified: modelVersion.artifacts.length - missing.length - mismatched.length,
    mismatched,
    missing,
    unlisted,
  };
  if (mismatched.length > 0) {
    return failed(
      reasonCodes.artifactDigestMismatch,
      `sha256 differs from the registry for ${listForMessage(mismatched.map(entry => entry.path))}.`,
      { observed, expected },
    );
  }
  if (missing.length > 0) {
    return failed(
      reasonCodes.artifactDigestMissing,
      `No recomputed digest for ${listForMessage(missing)}.`,
      { observed, expected },
    );
  }
  return passed(`All ${modelVersion.artifacts.length} artifact digest(s) match the registry.`, {
    observed,
    expected,
  });
};
