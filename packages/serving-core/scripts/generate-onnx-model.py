#!/usr/bin/env python3
"""Generates the ONNX fixtures serving-core tests and benchmarks use, plus golden outputs.

skl2onnx is not installable offline here, so the graphs are written with the `onnx` helper API
from weights trained by scikit-learn. Outputs (committed next to the models):

- src/__fixtures__/iris-mlp.onnx: an MLP classifier trained on iris. Input `input` FP32
  [batch, 4]; outputs `probabilities` FP32 [batch, 3] and `label` INT64 [batch].
- src/__fixtures__/deep-mlp.onnx: 24 tanh layers sharing one 128x128 weight matrix, so a call
  costs real compute (about 0.4 M multiply-adds per row) while the file stays small. Input
  `input` FP32 [batch, 128]; output `score` FP32 [batch, 1]. Used by the batching benchmark.
- src/__fixtures__/half-double.onnx: doubles an FP16 tensor (input `x` FP16 [batch, 2], output
  `y` FP16), to test half-precision conversion through onnxruntime-node.
- src/__fixtures__/string-identity.onnx: returns a STRING tensor unchanged (input `text` STRING
  [batch], output `echo`), to test BYTES tensors through onnxruntime-node.
- src/__fixtures__/onnx-golden.json: inputs and the outputs onnxruntime (Python) computes.

Run: python3 packages/serving-core/scripts/generate-onnx-model.py
"""

import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper
from sklearn.datasets import load_iris
from sklearn.neural_network import MLPClassifier

FIXTURES = Path(__file__).resolve().parent.parent / "src" / "__fixtures__"
OPSET = [helper.make_opsetid("", 17)]


def save(model: onnx.ModelProto, name: str) -> Path:
    onnx.checker.check_model(model)
    path = FIXTURES / name
    onnx.save(model, str(path))
    return path


def iris_mlp() -> Path:
    features, labels = load_iris(return_X_y=True)
    classifier = MLPClassifier(hidden_layer_sizes=(8,), max_iter=2000, random_state=0)
    classifier.fit(features, labels)
    (w1, w2), (b1, b2) = classifier.coefs_, classifier.intercepts_
    initializers = [
        numpy_helper.from_array(w1.astype(np.float32), "w1"),
        numpy_helper.from_array(b1.astype(np.float32), "b1"),
        numpy_helper.from_array(w2.astype(np.float32), "w2"),
        numpy_helper.from_array(b2.astype(np.float32), "b2"),
    ]
    nodes = [
        helper.make_node("Gemm", ["input", "w1", "b1"], ["hidden_linear"]),
        helper.make_node("Relu", ["hidden_linear"], ["hidden"]),
        helper.make_node("Gemm", ["hidden", "w2", "b2"], ["logits"]),
        helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
        helper.make_node("ArgMax", ["logits"], ["label"], axis=1, keepdims=0),
    ]
    graph = helper.make_graph(
        nodes,
        "iris_mlp",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 4])],
        [
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", 3]),
            helper.make_tensor_value_info("label", TensorProto.INT64, ["batch"]),
        ],
        initializers,
    )
    return save(helper.make_model(graph, opset_imports=OPSET, producer_name="ballast", ir_version=9), "iris-mlp.onnx")


def deep_mlp(layers: int = 24, width: int = 128) -> Path:
    generator = np.random.default_rng(7)
    weight = (generator.standard_normal((width, width)) / np.sqrt(width)).astype(np.float32)
    head = (generator.standard_normal((width, 1)) / np.sqrt(width)).astype(np.float32)
    nodes = []
    previous = "input"
    for layer in range(layers):
        nodes.append(helper.make_node("MatMul", [previous, "weight"], [f"linear_{layer}"]))
        nodes.append(helper.make_node("Tanh", [f"linear_{layer}"], [f"hidden_{layer}"]))
        previous = f"hidden_{layer}"
    nodes.append(helper.make_node("MatMul", [previous, "head"], ["score"]))
    graph = helper.make_graph(
        nodes,
        "deep_mlp",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", width])],
        [helper.make_tensor_value_info("score", TensorProto.FLOAT, ["batch", 1])],
        [numpy_helper.from_array(weight, "weight"), numpy_helper.from_array(head, "head")],
    )
    return save(helper.make_model(graph, opset_imports=OPSET, producer_name="ballast", ir_version=9), "deep-mlp.onnx")


def half_double() -> Path:
    two = numpy_helper.from_array(np.array(2, dtype=np.float16), "two")
    graph = helper.make_graph(
        [helper.make_node("Mul", ["x", "two"], ["y"])],
        "half_double",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT16, ["batch", 2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT16, ["batch", 2])],
        [two],
    )
    return save(helper.make_model(graph, opset_imports=OPSET, producer_name="ballast", ir_version=9), "half-double.onnx")


def string_identity() -> Path:
    graph = helper.make_graph(
        [helper.make_node("Identity", ["text"], ["echo"])],
        "string_identity",
        [helper.make_tensor_value_info("text", TensorProto.STRING, ["batch"])],
        [helper.make_tensor_value_info("echo", TensorProto.STRING, ["batch"])],
    )
    return save(helper.make_model(graph, opset_imports=OPSET, producer_name="ballast", ir_version=9), "string-identity.onnx")


def golden(iris_path: Path, deep_path: Path) -> None:
    features, _ = load_iris(return_X_y=True)
    iris_input = features[::15].astype(np.float32)
    iris_session = onnxruntime.InferenceSession(str(iris_path), providers=["CPUExecutionProvider"])
    probabilities, label = iris_session.run(None, {"input": iris_input})
    deep_input = np.random.default_rng(11).standard_normal((3, 128)).astype(np.float32)
    deep_session = onnxruntime.InferenceSession(str(deep_path), providers=["CPUExecutionProvider"])
    (score,) = deep_session.run(None, {"input": deep_input})
    document = {
        "generator": "scripts/generate-onnx-model.py",
        "onnxruntime": onnxruntime.__version__,
        "iris": {
            "input": {"shape": list(iris_input.shape), "data": iris_input.ravel().tolist()},
            "probabilities": {"shape": list(probabilities.shape), "data": probabilities.ravel().tolist()},
            "label": {"shape": list(label.shape), "data": label.ravel().tolist()},
        },
        "deep": {
            "input": {"shape": list(deep_input.shape), "data": deep_input.ravel().tolist()},
            "score": {"shape": list(score.shape), "data": score.ravel().tolist()},
        },
    }
    (FIXTURES / "onnx-golden.json").write_text(json.dumps(document, indent=1) + "\n")


if __name__ == "__main__":
    FIXTURES.mkdir(parents=True, exist_ok=True)
    half_double()
    string_identity()
    golden(iris_mlp(), deep_mlp())
