#!/usr/bin/python3
"""What the backbone-alone GFLOP/s of bench/cases/extract.sh is measured against.

1. FLOPs of one MobileNetV2 embedding at 224x224, counted from the layers that run (torchvision's architecture, the
   same as the TFLite graph Taxoscope rebuilds): every convolution and linear layer contributes
   2 * output elements * (input channels / groups) * kernel area (one multiply and one add per MAC), plus the bias add
   or folded batch norm (1 FLOP per output element), the ReLU6 clamps, the residual adds and the global pool.
2. The machine's fp32 peak as torch sees it: a large matrix product (4096 x 4096) with the same thread count.

  backbone_flops_peak.py [--threads N]
Prints `backbone_flops flops_per_image=F peak_gflops=P`.
"""
import argparse
import os
import time

import torch
import torchvision


def mobilenet_v2_flops():
    model = torchvision.models.mobilenet_v2(weights=None).eval()
    total = 0

    def conv_hook(m, inp, out):
        nonlocal total
        kernel = m.kernel_size[0] * m.kernel_size[1]
        total += 2 * out.numel() * (m.in_channels // m.groups) * kernel
        total += out.numel()  # bias (batch norm folded into it in the TFLite graph)

    def elementwise_hook(m, inp, out):
        nonlocal total
        total += out.numel()

    def residual_hook(m, inp, out):
        nonlocal total
        if m.use_res_connect:
            total += out.numel()

    for m in model.features.modules():
        if isinstance(m, torch.nn.Conv2d):
            m.register_forward_hook(conv_hook)
        elif isinstance(m, torch.nn.ReLU6):
            m.register_forward_hook(elementwise_hook)
        elif isinstance(m, torchvision.models.mobilenetv2.InvertedResidual):
            m.register_forward_hook(residual_hook)
    with torch.no_grad():
        fmap = model.features(torch.zeros(1, 3, 224, 224))
    total += fmap.numel()  # global average pool
    return total


def matmul_peak(threads, n=4096, repeats=5):
    torch.set_num_threads(threads)
    a = torch.randn(n, n)
    b = torch.randn(n, n)
    torch.mm(a, b)  # warm-up
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        torch.mm(a, b)
        best = min(best, time.perf_counter() - t)
    return 2 * n ** 3 / best / 1e9


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=int(os.environ.get("BENCH_THREADS", os.cpu_count() or 1)))
    args = ap.parse_args()
    flops = mobilenet_v2_flops()
    peak = matmul_peak(args.threads)
    print(f"backbone_flops flops_per_image={flops} peak_gflops={peak:.1f}")


if __name__ == "__main__":
    main()
