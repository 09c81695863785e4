// @ballast/drift-stats/tfjs: the tfjs backend. tfjs itself is an optional peer, loaded when a
// backend is created (or injected as `tf`); its types are never imported.
export { loadTfjs, tfjsPackageOf, tfjsPackages } from './backends/tfjs/load-tfjs';
export { type MmdOptions, type MmdResult, mmdPermutationTest } from './backends/tfjs/mmd';
export type { TfTensor, Tfjs } from './backends/tfjs/tfjs-api';
export {
  createTfjsBackend,
  type TfjsBackendOptions,
  type TfjsDriftBackend,
} from './backends/tfjs/tfjs-backend';
export type { TfjsBinnedOptions } from './backends/tfjs/tfjs-kernels';
