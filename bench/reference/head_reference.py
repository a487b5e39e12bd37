#!/usr/bin/python3
"""Head training on cached features, the way a PyTorch user writes it: the ConvNextFull head as core/models/heads.cpp
builds it (Dense 1024 GELU L2 + BN + Dropout 0.5, Dense 512 GELU L2 + BN + Dropout 0.5, Dense n; Glorot-uniform
kernels, zero biases, Keras BN momentum/epsilon), AdamW (eps 1e-7), batch 32, per-epoch validation with macro-F1.

  head_reference.py generate DIR            (once) writes DIR/head_features.f32 (rows x 1280 float32) and head_labels.i32
  head_reference.py train DIR --epochs E --threads T [--loader perm|dataloader]
      prints one line per epoch: `epoch <n> <ms>`
  head_reference.py backbone --threads T   prints `backbone_ms_per_photo <ms>` (torchvision MobileNetV2, batch 32, 224x224)
"""
import argparse
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

TRAIN_ROWS, VAL_ROWS, DIM, CLASSES = 10784, 1198, 1280, 202


def generate(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    if os.path.exists(os.path.join(out_dir, "head_labels.i32")):
        return
    print(f"generating {TRAIN_ROWS + VAL_ROWS} x {DIM} features in {out_dir}", file=sys.stderr)
    # Class centroids plus noise, through a ReLU like MobileNetV2's pooled ReLU6 features: learnable but not trivial.
    rng = np.random.default_rng(42)
    rows = TRAIN_ROWS + VAL_ROWS
    centroids = rng.normal(0.0, 1.0, (CLASSES, DIM)).astype(np.float32)
    labels = rng.integers(0, CLASSES, rows).astype(np.int32)
    x = centroids[labels] * 0.5 + rng.normal(0.0, 1.0, (rows, DIM)).astype(np.float32)
    np.maximum(x, 0.0, out=x)
    x.astype(np.float32).tofile(os.path.join(out_dir, "head_features.f32"))
    labels.tofile(os.path.join(out_dir, "head_labels.i32"))


def glorot(layer):
    nn.init.xavier_uniform_(layer.weight)
    nn.init.zeros_(layer.bias)
    return layer


class ConvNextFull(nn.Module):
    def __init__(self, dim, classes, d1=1024, d2=512, p1=0.5, p2=0.5, l2=1e-3):
        super().__init__()
        self.dense1, self.dense2, self.out = glorot(nn.Linear(dim, d1)), glorot(nn.Linear(d1, d2)), glorot(nn.Linear(d2, classes))
        self.bn1 = nn.BatchNorm1d(d1, momentum=0.01, eps=1e-3)
        self.bn2 = nn.BatchNorm1d(d2, momentum=0.01, eps=1e-3)
        self.drop1, self.drop2 = nn.Dropout(p1), nn.Dropout(p2)
        self.l2 = l2

    def forward(self, x):
        x = self.drop1(self.bn1(F.gelu(self.dense1(x))))
        x = self.drop2(self.bn2(F.gelu(self.dense2(x))))
        return self.out(x)

    def penalty(self):
        return self.l2 * (self.dense1.weight.pow(2).sum() + self.dense2.weight.pow(2).sum())


def train(data_dir, epochs, threads, loader):
    from sklearn.metrics import f1_score
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    x = torch.from_numpy(np.fromfile(os.path.join(data_dir, "head_features.f32"), dtype=np.float32).reshape(-1, DIM))
    y = torch.from_numpy(np.fromfile(os.path.join(data_dir, "head_labels.i32"), dtype=np.int32).astype(np.int64))
    xt, yt, xv, yv = x[:TRAIN_ROWS], y[:TRAIN_ROWS], x[TRAIN_ROWS:], y[TRAIN_ROWS:]
    model = ConvNextFull(DIM, CLASSES)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=3e-4, eps=1e-7)
    if loader == "dataloader":
        dl = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(xt, yt), batch_size=32, shuffle=True)
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        model.train()
        if loader == "dataloader":
            batches = dl
        else:
            perm = torch.randperm(TRAIN_ROWS)
            batches = ((xt[perm[i:i + 32]], yt[perm[i:i + 32]]) for i in range(0, TRAIN_ROWS, 32))
        loss_sum, correct = 0.0, 0
        for xb, yb in batches:
            opt.zero_grad()
            logits = model(xb)
            loss = F.cross_entropy(logits, yb) + model.penalty()
            loss.backward()
            opt.step()
            loss_sum += loss.item() * len(yb)  # what Keras' progress bar shows
            correct += (logits.argmax(1) == yb).sum().item()
        model.eval()
        with torch.no_grad():
            logits = model(xv)
            val_loss = (F.cross_entropy(logits, yv) + model.penalty()).item()
            pred = logits.argmax(1).numpy()
            f1 = f1_score(yv.numpy(), pred, average="macro")
        ms = (time.perf_counter() - start) * 1000
        print(f"epoch {epoch} {ms:.1f} loss {loss_sum / TRAIN_ROWS:.4f} acc {correct / TRAIN_ROWS:.4f} "
              f"val_loss {val_loss:.4f} val_f1 {f1:.4f}", flush=True)


def backbone(threads, batches=3):
    import torchvision
    torch.set_num_threads(threads)
    model = torchvision.models.mobilenet_v2().eval()
    x = torch.rand(32, 3, 224, 224)
    with torch.no_grad():
        model(x)  # warm-up
        start = time.perf_counter()
        for _ in range(batches):
            model(x)
    print(f"backbone_ms_per_photo {(time.perf_counter() - start) * 1000 / (32 * batches):.2f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["generate", "train", "backbone"])
    ap.add_argument("dir", nargs="?")
    ap.add_argument("--epochs", type=int, default=13)
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--loader", choices=["perm", "dataloader"], default="perm")
    a = ap.parse_args()
    if a.what == "generate":
        generate(a.dir)
    elif a.what == "train":
        train(a.dir, a.epochs, a.threads, a.loader)
    else:
        backbone(a.threads)


if __name__ == "__main__":
    sys.exit(main())
