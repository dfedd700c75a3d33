#!/usr/bin/python3
"""Writes the scikit-image / SciPy reference fixtures for the augment module's tests.

Run with Debian's packages (python3-skimage 0.19.3, python3-scipy, python3-numpy):
    /usr/bin/python3 augment/src/test/python/make_fixtures.py
Outputs go to augment/src/test/resources/fixtures/. Inputs are stored as 8-bit PNG, so the
Java tests and this script read exactly the same pixel values; results are JSON or raw
little-endian arrays (CHW order for images).
"""
import json
import os

import numpy as np
import scipy
import skimage
from scipy import ndimage
from skimage import color, data, exposure, io, metrics, segmentation, transform, img_as_float, img_as_ubyte

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures")
os.makedirs(OUT, exist_ok=True)


def save_png(name, arr):
    io.imsave(os.path.join(OUT, name), arr, check_contrast=False)
    return img_as_float(io.imread(os.path.join(OUT, name)))  # read back: the exact values Java sees


def resized(img, h, w):
    return img_as_ubyte(np.clip(transform.resize(img_as_float(img), (h, w), anti_aliasing=True), 0, 1))


meta = {"skimage": skimage.__version__, "numpy": np.__version__, "scipy": scipy.__version__}

# ---- input images ----
astro = save_png("astronaut128.png", resized(data.astronaut(), 128, 128))
# Also the benchmark inputs of ../shared/anchors/bench_skimage.py, for DamBench to time the same images.
save_png("astronaut256.png", resized(data.astronaut(), 256, 256))
save_png("chelsea128.png", resized(data.chelsea(), 128, 128))
chelsea = save_png("chelsea96x128.png", resized(data.chelsea(), 96, 128))
coffee = save_png("coffee80x120.png", resized(data.coffee(), 80, 120))
rng = np.random.default_rng(7)
noisy = save_png("astronaut128_noisy.png", img_as_ubyte(np.clip(astro + 0.05 * rng.standard_normal(astro.shape), 0, 1)))
coffee96 = save_png("coffee96x128.png", resized(data.coffee(), 96, 128))
gray_a = save_png("gray23x31_a.png", rng.integers(0, 256, (23, 31), dtype=np.uint8))
gray_b = save_png("gray23x31_b.png", np.clip(io.imread(os.path.join(OUT, "gray23x31_a.png")).astype(int)
                                             + rng.integers(-40, 41, (23, 31)), 0, 255).astype(np.uint8))
astro_gray = save_png("astronaut128_gray.png", img_as_ubyte(color.rgb2gray(astro)))
noisy_gray = save_png("astronaut128_noisy_gray.png", img_as_ubyte(color.rgb2gray(noisy)))

# ---- SSIM: window 7, uniform, K1 0.01, K2 0.03, sample covariance, data range 1 ----
ssim = []
for a, b, fa, fb, rgb in [(astro, noisy, "astronaut128.png", "astronaut128_noisy.png", True),
                          (chelsea, coffee96, "chelsea96x128.png", "coffee96x128.png", True),
                          (astro_gray, noisy_gray, "astronaut128_gray.png", "astronaut128_noisy_gray.png", False),
                          (gray_a, gray_b, "gray23x31_a.png", "gray23x31_b.png", False)]:
    v = metrics.structural_similarity(a, b, win_size=7, data_range=1.0, channel_axis=-1 if rgb else None,
                                      use_sample_covariance=True, K1=0.01, K2=0.03, gaussian_weights=False)
    ssim.append({"a": fa, "b": fb, "ssim": float(v)})

# ---- histogram matching ----
astro64 = save_png("astronaut64.png", resized(data.astronaut(), 64, 64))
chelsea64 = save_png("chelsea64.png", resized(data.chelsea(), 64, 64))
matched = exposure.match_histograms(astro64, chelsea64, channel_axis=-1)
np.ascontiguousarray(np.moveaxis(matched, -1, 0)).astype("<f4").tofile(os.path.join(OUT, "match_astronaut64_to_chelsea64.f32"))
src1d = rng.integers(0, 12, 500).astype(np.float64) / 11.0          # many ties
tmpl1d = rng.beta(2, 5, 300)
hist = {"image": "astronaut64.png", "reference": "chelsea64.png", "matched": "match_astronaut64_to_chelsea64.f32",
        "source1d": src1d.tolist(), "template1d": tmpl1d.tolist(),
        "matched1d": exposure.match_histograms(src1d, tmpl1d).tolist()}

# ---- Lab ----
cols = np.concatenate([rng.random((30, 3)), np.array([[0, 0, 0], [1, 1, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1],
                                                       [0.01, 0.02, 0.03], [0.5, 0.5, 0.5]])])
lab = color.rgb2lab(cols.reshape(-1, 1, 3)).reshape(-1, 3)
labfix = {"rgb": cols.tolist(), "lab": lab.tolist()}

# ---- Gaussian filter (SciPy, mode reflect, truncate 4) ----
g1 = rng.random((17, 20))
g2 = rng.random((4, 5))
gauss = [{"h": 17, "w": 20, "sigma": 1.5, "input": g1.ravel().tolist(),
          "output": ndimage.gaussian_filter(g1, 1.5, mode="reflect", truncate=4.0).ravel().tolist()},
         {"h": 4, "w": 5, "sigma": 3.0, "input": g2.ravel().tolist(),
          "output": ndimage.gaussian_filter(g2, 3.0, mode="reflect", truncate=4.0).ravel().tolist()}]

# ---- quick shift; also the exact tie-break noise skimage adds (default_rng(42), scale 1e-5) ----
qs = []
for name, img, params in [("astronaut128", astro, dict(kernel_size=3, max_dist=6, ratio=0.5)),
                          ("chelsea96x128", chelsea, dict(kernel_size=3, max_dist=6, ratio=0.5)),
                          ("coffee80x120", coffee, dict(kernel_size=3, max_dist=6, ratio=0.5, sigma=1.0)),
                          ("chelsea96x128", chelsea, dict(kernel_size=5, max_dist=10, ratio=1.0))]:
    labels = segmentation.quickshift(img, random_seed=42, **params)
    tag = f"{name}_k{params['kernel_size']}_d{params['max_dist']}_r{params['ratio']}_s{params.get('sigma', 0)}"
    labels.astype("<u2").tofile(os.path.join(OUT, f"qs_{tag}.u16"))
    h, w = labels.shape
    noise_file = f"qs_noise_{h}x{w}.f32"
    np.random.default_rng(42).normal(scale=0.00001, size=(h, w)).astype("<f4").tofile(os.path.join(OUT, noise_file))
    qs.append({"image": name + ".png", "params": {"kernel_size": params["kernel_size"], "max_dist": params["max_dist"],
                                                "ratio": params["ratio"], "sigma": params.get("sigma", 0)},
               "labels": f"qs_{tag}.u16", "noise": noise_file, "segments": int(len(np.unique(labels)))})

with open(os.path.join(OUT, "reference.json"), "w") as f:
    json.dump({"meta": meta, "ssim": ssim, "histogram": hist, "lab": labfix, "gaussian": gauss, "quickshift": qs}, f, indent=1)
print("fixtures written to", OUT)
for q in qs:
    print(q["labels"], q["segments"])
for s in ssim:
    print(s)
