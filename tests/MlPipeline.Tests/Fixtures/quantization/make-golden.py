"""Golden numbers for QuantizationMathTests, computed with numpy in float32 from the formulas of ONNX Runtime's
quantization tools (quant_utils.compute_scale_zp, quantize_nparray; bias at input_scale * weight_scale).
Run: /usr/bin/python3 make-golden.py > golden.json"""
import json
import numpy as np

rng = np.random.default_rng(7)
weights = (rng.standard_normal((3, 2, 2, 2)) * np.array([0.5, 0.02, 3.0]).reshape(3, 1, 1, 1)).astype(np.float32)
weights[1, 0, 0, 0] = np.float32(-0.07)  # a negative extreme sets channel 1's scale


def weight_channel(w):
    absmax = np.abs(w).max()
    scale = np.float32((absmax - (-absmax)) / np.float32(254))
    q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
    return scale, q


scales, values = zip(*(weight_channel(weights[c]) for c in range(3)))


def activation(rmin, rmax, qmin, qmax):
    rmin, rmax = np.float32(min(rmin, 0)), np.float32(max(rmax, 0))
    scale = np.float32((rmax - rmin) / np.float32(qmax - qmin))
    zero_point = int(np.clip(np.round(np.float32(qmin) - rmin / scale), qmin, qmax))
    return {"min": float(rmin), "max": float(rmax), "scale": float(scale), "zeroPoint": zero_point}


ranges = [(-1.5, 4.25), (0.0, 6.0), (0.5, 3.0), (-2.0, -0.5), (-123.68, 151.061)]
bias = np.array([0.3, -0.011, 7.5], dtype=np.float32)
input_scale = np.float32(0.0235294)
bias_scales = (input_scale * np.array(scales, dtype=np.float32)).astype(np.float32)
bias_values = np.round(bias / bias_scales).astype(np.int32)

print(json.dumps({
    "weights": {"shape": list(weights.shape), "values": [float(v) for v in weights.ravel()],
                "scales": [float(s) for s in scales], "quantized": [int(v) for q in values for v in q.ravel()]},
    "activationsU8": [{"range": r, **activation(*r, 0, 255)} for r in ranges],
    "activationsS8": [{"range": r, **activation(*r, -128, 127)} for r in ranges],
    "bias": {"values": [float(b) for b in bias], "inputScale": float(input_scale),
             "scales": [float(s) for s in bias_scales], "quantized": [int(v) for v in bias_values]},
}, indent=1))
