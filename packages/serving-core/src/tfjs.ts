// @ballast/serving-core/tfjs: TensorFlow.js models. The tfjs namespace is injected or loaded
// lazily and typed structurally, so this entry's types need no @tensorflow package either.
export {
  type TfjsLike,
  type TfjsModelLike,
  type TfjsModelOptions,
  type TfjsTensorLike,
  tfjsModel,
} from './models/tfjs-model';
