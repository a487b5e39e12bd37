"""Classifying one photo the way a Python user would: PIL open + convert + resize, torchvision transforms,
torchvision MobileNetV2 (random weights, 202 classes: the time does not depend on the values), eval mode,
torch.inference_mode(), softmax + top-5. The model is loaded once; each run classifies the photo afresh.

usage: interactive_classify.py PHOTO RUNS THREADS [--draft]
--draft lets PIL decode the JPEG at reduced size (Image.draft), the PIL user's counterpart of IMREAD_REDUCED_*.
Prints each run's wall ms, then "cpu ms per classify: p50 X p95 Y" and "p50 X p95 Y" (nearest rank).
"""
import math
import sys
import time

import torch
import torchvision
from PIL import Image
from torchvision import transforms


def percentile(values, p):
    v = sorted(values)
    rank = math.ceil(p / 100 * len(v))
    return v[min(len(v) - 1, max(rank, 1) - 1)]


def main():
    photo, runs, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    draft = "--draft" in sys.argv
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = torchvision.models.mobilenet_v2(num_classes=202).eval()
    prep = transforms.Compose([transforms.ToTensor(),
                               transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    wall, cpu = [], []
    for i in range(runs + 1):  # run 0 warms up and is not counted
        t0, c0 = time.perf_counter(), time.process_time()
        with Image.open(photo) as im:
            if draft:
                im.draft("RGB", (224, 224))
            rgb = im.convert("RGB").resize((224, 224), Image.BILINEAR)
        with torch.inference_mode():
            probs = torch.softmax(model(prep(rgb).unsqueeze(0)), 1)
            top = probs.topk(5, 1)
        _ = top.indices[0].tolist()
        if i > 0:
            wall.append((time.perf_counter() - t0) * 1e3)
            cpu.append((time.process_time() - c0) * 1e3)
    print("runs ms: " + " ".join("%.1f" % v for v in wall))
    print("cpu ms per classify: p50 %.1f p95 %.1f" % (percentile(cpu, 50), percentile(cpu, 95)))
    print("p50 %.1f p95 %.1f" % (percentile(wall, 50), percentile(wall, 95)))


if __name__ == "__main__":
    main()
