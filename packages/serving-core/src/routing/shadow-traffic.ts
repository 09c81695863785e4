import type { TensorMap } from '../codec/datatypes';
import type { TensorSignature } from '../models/model';

/** True when the tensors are exactly the inputs a signature declares, datatypes and shapes included. */
export function fitsSignature(inputs: TensorMap, signatures: readonly TensorSignature[]): boolean {
  if (Object.keys(inputs).length !== signatures.length) return false;
  return signatures.every(signature => {
    const tensor = inputs[signature.name];
    if (tensor === undefined || tensor.datatype !== signature.datatype) return false;
    if (signature.shape.length === 0) return true;
    return (
      tensor.shape.length === signature.shape.length &&
      signature.shape.every(
        (dimension, index) => dimension < 0 || dimension === tensor.shape[index],
      )
    );
  });
}

/** How a mirrored request ended; `failed` comes with the error. */
export type ShadowOutcome = 'success' | 'invalid_input' | 'failed';

/** A shadow target: its declared inputs and a way to run a request on it. */
export interface ShadowTarget {
  readonly inputs: readonly TensorSignature[];
  submit(inputs: TensorMap): Promise<unknown>;
}

/**
 * Sends a copy of a request to a shadow target and reports how it ended; its answer is
 * discarded. Another model may take other inputs: the mismatch is counted instead of feeding
 * the model tensors it never declared.
 */
export function mirrorRequest(
  target: ShadowTarget,
  inputs: TensorMap,
  report: (outcome: ShadowOutcome, error?: unknown) => void,
): void {
  if (!fitsSignature(inputs, target.inputs)) {
    report('invalid_input');
    return;
  }
  target.submit(inputs).then(
    () => report('success'),
    error => report('failed', error),
  );
}
