// @ballast/serving-core/onnx: ONNX models run by onnxruntime-node (an optional peer) in
// worker threads.
export { type OnnxModelOptions, onnxModel } from './models/onnx-model';
