// The body of each ONNX worker thread. It is shipped as source text (`Function.prototype.toString`)
// and started with `new Worker(code, { eval: true })`, so the same code runs from the ESM and CJS
// builds and from vitest without a separate entry file to locate. It must stay self-contained:
// no imports and no references to anything outside the function.

/* c8 ignore start */
// `load` is the worker's own `require`, passed in: bundlers rewrite a bare `require` in ESM output.
function onnxWorkerMain(load: (specifier: string) => unknown): void {
  const { parentPort, workerData } = load(
    'node:worker_threads',
  ) as typeof import('node:worker_threads');
  const ort = load(workerData.ortPath) as typeof import('onnxruntime-node');
  let session: import('onnxruntime-node').InferenceSession | undefined;
  const describe = (
    metadata: readonly import('onnxruntime-node').InferenceSession.ValueMetadata[],
  ) =>
    metadata.map(value =>
      value.isTensor
        ? { name: value.name, type: value.type, shape: [...value.shape] }
        : { name: value.name, type: 'non-tensor', shape: [] },
    );
  parentPort?.on('message', async (message: { id: number; type: string; inputs?: any[] }) => {
    try {
      if (message.type === 'load') {
        session = await ort.InferenceSession.create(
          workerData.modelPath,
          workerData.sessionOptions,
        );
        parentPort.postMessage({
          id: message.id,
          ok: true,
          inputs: describe(session.inputMetadata),
          outputs: describe(session.outputMetadata),
        });
      } else if (message.type === 'run') {
        if (!session) throw new Error('The ONNX session is not loaded.');
        const feeds: Record<string, import('onnxruntime-node').Tensor> = {};
        for (const input of message.inputs ?? []) {
          feeds[input.name] = new ort.Tensor(input.type, input.data, input.shape);
        }
        const results = await session.run(feeds);
        const outputs = Object.entries(results).map(([name, tensor]) => ({
          name,
          type: tensor.type,
          shape: [...tensor.dims],
          data: tensor.data,
        }));
        parentPort.postMessage({ id: message.id, ok: true, outputs });
      } else if (message.type === 'release') {
        await session?.release();
        session = undefined;
        parentPort.postMessage({ id: message.id, ok: true });
      }
    } catch (error) {
      parentPort.postMessage({
        id: message.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  });
}
/* c8 ignore stop */

/** Source text of the ONNX worker thread, for `new Worker(source, { eval: true })`. */
// The loader comes from `process.getBuiltinModule` (Node >= 20.16) rather than a bare `require`,
// because eval workers inherit `--input-type=module` and then run as ES modules.
export const onnxWorkerSource = `(${onnxWorkerMain.toString()})(process.getBuiltinModule('node:module').createRequire(process.cwd() + '/'));`;
