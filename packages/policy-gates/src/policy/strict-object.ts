import { z } from 'zod';
import { editDistance } from '@ballast/kit';

/**
 * The allowed key closest to a misspelled one, if it is close enough to be a likely typo: the
 * same key in another case, or at most a third of its length (at least 2) edits away.
 */
export function suggestKey(key: string, allowed: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance =
      candidate.toLowerCase() === key.toLowerCase() ? 0.5 : editDistance(key, candidate);
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  const limit = Math.max(2, Math.floor(key.length / 3));
  return best && best.distance <= limit ? best.key : undefined;
}

/** The message of an unknown-key issue: each key with a "did you mean" when one is close. */
export function unknownKeysMessage(keys: readonly string[], allowed: readonly string[]): string {
  const described = keys.map(key => {
    const suggestion = suggestKey(key, allowed);
    return suggestion === undefined
      ? JSON.stringify(key)
      : `${JSON.stringify(key)} (did you mean "${suggestion}"?)`;
  });
  return `unknown key${keys.length > 1 ? 's' : ''} ${described.join(', ')}; allowed keys: ${allowed.join(', ')}`;
}

/**
 * A zod object that refuses unknown keys and names the closest allowed key, so a misspelled
 * rule field (`minApprover`) is an error instead of a silently weaker rule.
 */
export function strictObject<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  const allowed = Object.keys(shape);
  return z.strictObject(shape, {
    error: issue =>
      issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, allowed) : undefined,
  });
}
