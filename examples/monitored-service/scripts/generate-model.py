"""Generates the example's model and reference data (run from examples/monitored-service).

A logistic-regression "loan default" classifier fitted with scikit-learn on seeded synthetic
data, written as a plain ONNX graph (MatMul + Add + Sigmoid) with onnx.helper, so no skl2onnx is
needed. Outputs:

- model/default-risk.onnx: input `x` FP32 [batch, 4], output `probability` FP32 [batch, 1]
  (the probability of default);
- model/reference.csv: 5000 held-out rows (the four features, the model's probability and the
  true label), the monitor's reference and CBPE's calibration data.

    pip install numpy onnx onnxruntime scikit-learn
    python3 scripts/generate-model.py
"""

from pathlib import Path

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper
from sklearn.linear_model import LogisticRegression

FEATURES = ["income", "debt_ratio", "age", "utilization"]
ROOT = Path(__file__).resolve().parent.parent
rng = np.random.default_rng(20261207)


def sample(rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Features (income in k$, debt ratio, age in years, credit utilization) and labels."""
    income = rng.normal(60.0, 15.0, rows)
    debt_ratio = rng.normal(0.35, 0.1, rows)
    age = rng.normal(42.0, 11.0, rows)
    utilization = rng.normal(0.45, 0.15, rows)
    x = np.column_stack([income, debt_ratio, age, utilization]).astype(np.float32)
    logit = (
        -0.05 * (income - 60.0)
        + 8.0 * (debt_ratio - 0.35)
        - 0.03 * (age - 42.0)
        + 5.0 * (utilization - 0.45)
        - 1.0
    )
    y = (rng.random(rows) < 1.0 / (1.0 + np.exp(-logit))).astype(np.int64)
    return x, y


x_train, y_train = sample(20_000)
x_reference, y_reference = sample(5_000)
classifier = LogisticRegression(max_iter=1000).fit(x_train, y_train)

weights = classifier.coef_.reshape(-1, 1).astype(np.float32)  # [4, 1]
bias = classifier.intercept_.reshape(1).astype(np.float32)  # [1], broadcast over rows
graph = helper.make_graph(
    [
        helper.make_node("MatMul", ["x", "weights"], ["logit_raw"]),
        helper.make_node("Add", ["logit_raw", "bias"], ["logit"]),
        helper.make_node("Sigmoid", ["logit"], ["probability"]),
    ],
    "default_risk",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", len(FEATURES)])],
    [helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["batch", 1])],
    [numpy_helper.from_array(weights, "weights"), numpy_helper.from_array(bias, "bias")],
)
model = helper.make_model(
    graph, producer_name="ballast-monitored-service", opset_imports=[helper.make_opsetid("", 13)]
)
model.ir_version = 8  # readable by onnxruntime 1.14 and later
onnx.checker.check_model(model)
(ROOT / "model").mkdir(exist_ok=True)
onnx.save(model, ROOT / "model" / "default-risk.onnx")

# The ONNX graph must agree with scikit-learn before anything is committed.
session = onnxruntime.InferenceSession(str(ROOT / "model" / "default-risk.onnx"))
probability = session.run(None, {"x": x_reference})[0][:, 0]
expected = classifier.predict_proba(x_reference)[:, 1]
assert np.max(np.abs(probability - expected)) < 1e-5, "ONNX and scikit-learn disagree"

with open(ROOT / "model" / "reference.csv", "w", encoding="utf-8") as file:
    file.write(",".join([*FEATURES, "probability", "label"]) + "\n")
    for row, label, score in zip(x_reference, y_reference, probability):
        file.write(",".join(f"{value:.6g}" for value in row) + f",{score:.6g},{label}\n")

accuracy = float(np.mean((probability >= 0.5) == y_reference))
print(f"coefficients {classifier.coef_.ravel().round(4).tolist()}, intercept {bias[0]:.4f}")
print(f"reference accuracy {accuracy:.4f}, positive share {y_reference.mean():.4f}")
