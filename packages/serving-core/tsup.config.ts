import { defineBallastBuild } from '../../tsup.shared';

export default defineBallastBuild({
  // Adapters that need an optional peer have their own entries, so the root types never name it.
  entry: {
    index: 'src/index.ts',
    internals: 'src/internals.ts',
    fastify: 'src/fastify.ts',
    onnx: 'src/onnx.ts',
    tfjs: 'src/tfjs.ts',
  },
  // import.meta.url (resolving onnxruntime-node for worker threads) must work in the CJS build too.
  shims: true,
});
