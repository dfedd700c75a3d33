# The PyTorch side of InferenceBench's Inspector path: the paper profile's F_cls (ResNet-34,
# ImageNet stem, width 64, 5 classes) and F_det/loc (dadda's SegmentationUNet: base 64, 5 levels,
# double 3x3 conv + GroupNorm(<=8 groups) + ReLU, 2x2 max pooling, nearest upsampling + 3x3 conv,
# skip concatenation, 1x1 head), 3x128x128, eval mode, no_grad.
#   ../shared/anchors/run.sh "$PWD/bench/anchors/bench_inference.py"
# Prints per call: both bare forward passes at batch 1 and 16 (in-memory tensors), and the
# end-to-end path at batch 1 and 16 (PNG decode with PIL, resize, ImageNet normalisation, both
# models, softmax, sigmoid, map maximum), with 1 and 2 intra-op threads.
import os, sys, tempfile
sys.path.insert(0, os.getcwd())  # run.sh runs from ../shared/anchors, where common.py lives
from common import timeit, setup_torch
torch = setup_torch()
import numpy as np
import torch.nn as nn, torch.nn.functional as F
from PIL import Image

class Basic(nn.Module):
    def __init__(s, cin, cout, stride):
        super().__init__()
        s.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False); s.b1 = nn.BatchNorm2d(cout)
        s.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False); s.b2 = nn.BatchNorm2d(cout)
        s.sc = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout)) if stride != 1 or cin != cout else nn.Identity()
    def forward(s, x): return F.relu(s.sc(x) + s.b2(s.c2(F.relu(s.b1(s.c1(x))))))

class ResNet(nn.Module):
    def __init__(s, layers, ncls):
        super().__init__()
        s.stem = nn.Sequential(nn.Conv2d(3, 64, 7, 2, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(3, 2, 1))
        blocks, cin = [], 64
        for i, (n, c) in enumerate(zip(layers, (64, 128, 256, 512))):
            for j in range(n): blocks.append(Basic(cin, c, 2 if (j == 0 and i > 0) else 1)); cin = c
        s.blocks = nn.Sequential(*blocks); s.fc = nn.Linear(512, ncls)
    def forward(s, x): return s.fc(F.adaptive_avg_pool2d(s.blocks(s.stem(x)), 1).flatten(1))

def groups(c):
    g = min(8, c)
    while c % g: g -= 1
    return g

def double_conv(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, 1, 1), nn.GroupNorm(groups(cout), cout), nn.ReLU(),
                         nn.Conv2d(cout, cout, 3, 1, 1), nn.GroupNorm(groups(cout), cout), nn.ReLU())

class SegUNet(nn.Module):
    def __init__(s, width=64, levels=5):
        super().__init__()
        s.enc = nn.ModuleList(); cin = 3
        for i in range(levels): s.enc.append(double_conv(cin, width << i)); cin = width << i
        s.up = nn.ModuleList(); s.dec = nn.ModuleList()
        for i in range(levels - 2, -1, -1):
            c = width << i
            s.up.append(nn.Conv2d(2 * c, c, 3, 1, 1)); s.dec.append(double_conv(2 * c, c))
        s.head = nn.Conv2d(width, 1, 1)
    def forward(s, x):
        skips, h = [], x
        for i, e in enumerate(s.enc):
            if i: h = F.max_pool2d(h, 2, 2)
            h = e(h); skips.append(h)
        for j, (u, d) in enumerate(zip(s.up, s.dec)):
            h = d(torch.cat([u(F.interpolate(h, scale_factor=2, mode="nearest")), skips[-2 - j]], 1))
        return s.head(h)

MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
cls, det = ResNet((3, 4, 6, 3), 5).eval(), SegUNet().eval()
rng = np.random.default_rng(1)
tmp = tempfile.mkdtemp()
files = []
for k in range(16):
    f = os.path.join(tmp, f"{k}.png")
    Image.fromarray((rng.random((128, 128, 3)) * 255).astype(np.uint8)).save(f)
    files.append(f)

def load(paths):
    xs = []
    for p in paths:
        im = Image.open(p).convert("RGB")
        if im.size != (128, 128): im = im.resize((128, 128), Image.BILINEAR)
        xs.append(torch.from_numpy(np.asarray(im, dtype=np.float32) / 255.0).permute(2, 0, 1))
    return (torch.stack(xs) - MEAN) / STD

def both(x):
    p = cls(x).softmax(1); m = det(x).sigmoid()
    return p, m.flatten(1).max(1).values

npar = lambda m: sum(p.numel() for p in m.parameters()) / 1e6
print(f"torch {torch.__version__}  F_cls {npar(cls):.2f}M params, F_det/loc {npar(det):.2f}M params, 3x128x128")
x1, x16 = load(files[:1]), load(files)
print(f"{'threads':>7}{'fwd b1 ms':>11}{'e2e b1 ms':>11}{'fwd b16 ms/img':>16}{'e2e b16 ms/img':>16}")
for t in (1, 2):
    torch.set_num_threads(t)
    with torch.no_grad():
        f1, _, _ = timeit(lambda: both(x1), reps=15, warmup=3)
        e1, _, _ = timeit(lambda: both(load(files[:1])), reps=15, warmup=3)
        f16, _, _ = timeit(lambda: both(x16), reps=5, warmup=1)
        e16, _, _ = timeit(lambda: both(load(files)), reps=5, warmup=1)
    print(f"{t:>7}{f1*1e3:>11.2f}{e1*1e3:>11.2f}{f16*1e3/16:>16.2f}{e16*1e3/16:>16.2f}", flush=True)
