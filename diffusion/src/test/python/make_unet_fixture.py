#!/usr/bin/env python3
"""Writes diffusion/src/test/resources/fixtures/unet_forward.json: the output of the reference
U-Net of shared/anchors/bench_unet.py (PyTorch) for a small configuration (base 32, mult (1, 2),
one res block, 16x16, attention at 8x8) whose weights and inputs are set by a closed formula
that the Java test reproduces, so no weights need to be stored.

  value(name, k) = s * sin(1.3 k + 0.7 h(name)) + c,  h = sum of the name's character codes mod 1000
  GroupNorm weight: s = 0.1, c = 1; GroupNorm bias and every other bias: s = 0.1, c = 0;
  conv/linear weights: s = 1/sqrt(fan_in), c = 0.

Run: /usr/bin/python3 diffusion/src/test/python/make_unet_fixture.py
"""
import json
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "..", "shared", "anchors"))
sys.argv = sys.argv[:1]
import torch  # noqa: E402
import bench_unet  # noqa: E402


def formula(name, shape, is_norm):
    n = 1
    for d in shape:
        n *= d
    h = sum(ord(ch) for ch in name) % 1000
    k = torch.arange(n, dtype=torch.float64)
    base = torch.sin(1.3 * k + 0.7 * h)
    if name.endswith("bias"):
        v = 0.1 * base
    elif is_norm:
        v = 1 + 0.1 * base
    else:
        v = base / math.sqrt(n / shape[0])
    return v.reshape(shape).float()


def main():
    torch.manual_seed(0)
    net = bench_unet.UNet(32, (1, 2), 1, 16, attn_res=(8,))
    norms = {n for n, m in net.named_modules() if isinstance(m, torch.nn.GroupNorm)}
    with torch.no_grad():
        for name, p in net.named_parameters():
            p.copy_(formula(name, tuple(p.shape), name.rsplit(".", 1)[0] in norms))
        x = formula("input", (2, 3, 16, 16), False) * math.sqrt(3 * 16 * 16 / 2)
        t = torch.tensor([17, 640])
        y = net(x, t)
    out = {"config": {"base": 32, "mult": [1, 2], "nres": 1, "img": 16, "attn": [8]},
           "t": t.tolist(), "params": sum(p.numel() for p in net.parameters()),
           "names": [n for n, _ in net.named_parameters()],
           "output": [round(float(v), 7) for v in y.flatten()]}
    path = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "unet_forward.json")
    with open(path, "w") as fh:
        json.dump(out, fh)
        fh.write("\n")


if __name__ == "__main__":
    main()
