import { defineBallastBuild } from '../../tsup.shared';

export default defineBallastBuild({
  // import.meta.url (resolving onnxruntime-node for worker threads) must work in the CJS build too.
  shims: true,
});
