#!/usr/bin/env python3
"""Independent reference for the TFLite import: runs a coral .tflite file with Arm NN's TFLite parser on its
reference CPU backend (the quantized graph as TFLite defines it) and prints, as JSON, the dequantized output
probabilities of each 224x224 RGB image given.

Usage: armnn_reference.py MODEL.tflite IMAGE... ; exit 77 when pyarmnn is not installed (the test then skips).
"""
import json
import sys

try:
    import numpy as np
    import pyarmnn as ann
    from PIL import Image
except ImportError as e:  # pragma: no cover - depends on the machine
    print(f"pyarmnn unavailable: {e}", file=sys.stderr)
    sys.exit(77)


def main() -> int:
    model, images = sys.argv[1], sys.argv[2:]
    parser = ann.ITfLiteParser()
    net = parser.CreateNetworkFromBinaryFile(model)
    in_bind = parser.GetNetworkInputBindingInfo(0, parser.GetSubgraphInputTensorNames(0)[0])
    out_bind = parser.GetNetworkOutputBindingInfo(0, parser.GetSubgraphOutputTensorNames(0)[0])
    runtime = ann.IRuntime(ann.CreationOptions())
    optimized, _ = ann.Optimize(net, [ann.BackendId("CpuRef")], runtime.GetDeviceSpec(), ann.OptimizerOptions())
    net_id, _ = runtime.LoadNetwork(optimized)
    scale, zero = out_bind[1].GetQuantizationScale(), out_bind[1].GetQuantizationOffset()
    result = {}
    for path in images:
        pixels = np.asarray(Image.open(path).convert("RGB"), dtype=np.uint8)
        if pixels.shape != (224, 224, 3):
            print(f"{path}: expected a 224x224 RGB image, got {pixels.shape}", file=sys.stderr)
            return 1
        inputs = ann.make_input_tensors([in_bind], [pixels[None]])
        outputs = ann.make_output_tensors([out_bind])
        runtime.EnqueueWorkload(net_id, inputs, outputs)
        q = ann.workload_tensors_to_ndarray(outputs)[0].reshape(-1).astype(np.float64)
        result[path] = ((q - zero) * scale).tolist()
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
