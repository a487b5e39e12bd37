#!/usr/bin/env python3
"""Export a torchvision image model as a Taxoscope TorchScript backbone: <out>/model.pt + <out>/manifest.json.

The exported module maps a float tensor [N, 3, H, W], normalised as the manifest says, to the pooled embedding
[N, embeddingDim] (the classifier is removed). Needs PyTorch and torchvision; `--weights default` downloads the
pretrained weights (internet), `--weights random` does not.

Example:  python3 scripts/export-backbone.py convnext_base --weights default --out models/convnext_base
"""
import argparse
import json
import os
import sys


def strip_classifier(name, model, nn):
    """Replace the classification layer by Identity so the output is the pooled embedding."""
    if hasattr(model, "fc"):  # resnet, inception, regnet, googlenet
        model.fc = nn.Identity()
    elif name.startswith("convnext"):  # classifier = LayerNorm2d, Flatten, Linear: keep the norm
        model.classifier[-1] = nn.Identity()
    elif hasattr(model, "classifier"):  # densenet, mobilenet, efficientnet, vgg
        model.classifier = nn.Identity()
    elif hasattr(model, "heads"):  # vision transformers
        model.heads = nn.Identity()
    else:
        raise SystemExit(f"export-backbone: do not know where the classifier of '{name}' is")
    return model


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", help="torchvision model name, e.g. convnext_base, densenet121, mobilenet_v2")
    parser.add_argument("--weights", choices=["random", "default"], default="default",
                        help="'default': torchvision's pretrained ImageNet weights (downloads); 'random': untrained")
    parser.add_argument("--out", required=True, help="output folder (created)")
    parser.add_argument("--size", type=int, default=224, help="input width and height in pixels (default 224)")
    parser.add_argument("--seed", type=int, default=0, help="seed for random weights and the reference input")
    parser.add_argument("--reference", action="store_true",
                        help="also write reference_input.bin / reference_output.bin (float32, little-endian) for tests")
    args = parser.parse_args()

    try:
        import torch
        import torchvision
    except ImportError as e:
        print(f"export-backbone: needs torch and torchvision ({e})", file=sys.stderr)
        return 2

    torch.manual_seed(args.seed)
    builder = getattr(torchvision.models, args.model, None)
    if builder is None or not callable(builder):
        print(f"export-backbone: torchvision has no model '{args.model}'", file=sys.stderr)
        return 2
    weights = "DEFAULT" if args.weights == "default" else None
    model = strip_classifier(args.model, builder(weights=weights), torch.nn).eval()

    class Embedder(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, x):
            return torch.flatten(self.inner(x), 1)

    wrapped = Embedder(model).eval()
    example = torch.rand(1, 3, args.size, args.size)
    with torch.no_grad():
        traced = torch.jit.trace(wrapped, example)
        dim = int(traced(example).shape[1])
    os.makedirs(args.out, exist_ok=True)
    traced.save(os.path.join(args.out, "model.pt"))
    manifest = {
        "format": "taxoscope-backbone",
        "version": 1,
        "id": f"torchvision_{args.model}" + ("_random" if args.weights == "random" else ""),
        "displayName": f"{args.model} (torchvision, {'random weights' if args.weights == 'random' else 'ImageNet'})",
        "model": "model.pt",
        "inputWidth": args.size,
        "inputHeight": args.size,
        "normalization": "imagenet",
        "embeddingDim": dim,
        "output": "embedding",
        "license": "torchvision BSD-3-Clause; weights: see the torchvision model card",
    }
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
    if args.reference:
        gen = torch.Generator().manual_seed(args.seed + 1)
        x = torch.randn(2, 3, args.size, args.size, generator=gen)
        with torch.no_grad():
            y = traced(x)
        x.numpy().astype("<f4").tofile(os.path.join(args.out, "reference_input.bin"))
        y.numpy().astype("<f4").tofile(os.path.join(args.out, "reference_output.bin"))
    print(f"wrote {args.out}/model.pt and manifest.json (embedding {dim})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
