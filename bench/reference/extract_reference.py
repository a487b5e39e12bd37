#!/usr/bin/python3
"""Feature extraction the way a Python user writes it: the reference for bench/cases/extract.sh.

torchvision MobileNetV2 (random weights: the arithmetic is the same as with trained ones), PIL decoding and resizing
to 224x224, a DataLoader with 2 workers, batch 32, torch.no_grad() in eval mode, 1280-d pooled embeddings.

  extract_reference.py --list FILES.txt [--threads N] [--batch 32] [--workers 2] [--bf16] [--save OUT.npy]

Prints one machine-readable line: `reference_extract photos=N seconds=S photos_per_s=R`. The clock starts before the
model is built and stops after the last embedding is on the CPU, like the Taxoscope side (model load included,
interpreter start-up and imports excluded).
"""
import argparse
import os
import sys
import time

import torch
import torchvision
from PIL import Image
from torch.utils.data import DataLoader, Dataset
from torchvision import transforms


class Photos(Dataset):
    def __init__(self, paths, transform):
        self.paths = paths
        self.transform = transform

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        with Image.open(self.paths[i]) as im:
            return self.transform(im.convert("RGB"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--list", required=True, help="text file, one photo path a line")
    ap.add_argument("--threads", type=int, default=int(os.environ.get("BENCH_THREADS", os.cpu_count() or 1)))
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--bf16", action="store_true", help="CPU autocast to bfloat16")
    ap.add_argument("--save", help="write the embeddings here (.npy)")
    args = ap.parse_args()
    with open(args.list) as f:
        paths = [line.strip() for line in f if line.strip()]
    if not paths:
        sys.exit("no photos in " + args.list)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    start = time.perf_counter()
    model = torchvision.models.mobilenet_v2(weights=None).eval()
    transform = transforms.Compose([
        transforms.Resize((224, 224)),
        transforms.ToTensor(),
        transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
    ])
    loader = DataLoader(Photos(paths, transform), batch_size=args.batch, num_workers=args.workers, shuffle=False)
    chunks = []
    with torch.no_grad(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
        for x in loader:
            pooled = torch.nn.functional.adaptive_avg_pool2d(model.features(x), 1).flatten(1)
            chunks.append(pooled.float())
    embeddings = torch.cat(chunks)
    seconds = time.perf_counter() - start
    assert embeddings.shape == (len(paths), 1280), embeddings.shape
    if args.save:
        import numpy as np
        np.save(args.save, embeddings.numpy())
    print(f"reference_extract photos={len(paths)} seconds={seconds:.3f} photos_per_s={len(paths) / seconds:.2f}")


if __name__ == "__main__":
    main()
