#!/usr/bin/env python3
"""Writes diffusion/src/test/resources/fixtures/schedules.json: DDPM scheduler values made the
way the reference implementations (Ho et al.'s diffusion_utils, OpenAI improved-diffusion) make
them, in float64 numpy, at a sample of timesteps, for the linear (1e-4..0.02) and cosine
schedules with T = 1000 and T = 50.

Run: /usr/bin/python3 diffusion/src/test/python/make_schedule_fixture.py
"""
import json
import math
import os

import numpy as np


def linear_betas(T, start=1e-4, end=0.02):
    return np.linspace(start, end, T, dtype=np.float64)


def cosine_betas(T, s=0.008, max_beta=0.999):
    f = lambda u: math.cos((u + s) / (1 + s) * math.pi / 2) ** 2
    return np.array([min(1 - f((i + 1) / T) / f(i / T), max_beta) for i in range(T)], dtype=np.float64)


def derived(betas):
    alphas = 1.0 - betas
    abar = np.cumprod(alphas)
    abar_prev = np.append(1.0, abar[:-1])
    post_var = betas * (1.0 - abar_prev) / (1.0 - abar)
    post_logvar = np.log(np.append(post_var[1], post_var[1:]))
    coef_x0 = betas * np.sqrt(abar_prev) / (1.0 - abar)
    coef_xt = (1.0 - abar_prev) * np.sqrt(alphas) / (1.0 - abar)
    return dict(beta=betas, alphaBar=abar, alphaBarPrev=abar_prev, sqrtAlphaBar=np.sqrt(abar),
                sqrtOneMinusAlphaBar=np.sqrt(1.0 - abar), posteriorVariance=post_var,
                posteriorLogVarianceClipped=post_logvar, posteriorMeanCoefX0=coef_x0,
                posteriorMeanCoefXt=coef_xt)


def main():
    out = {}
    for name, maker in (("linear", linear_betas), ("cosine", cosine_betas)):
        for T in (1000, 50):
            idx = sorted(set(list(range(0, T, max(1, T // 20))) + [0, 1, 2, T - 2, T - 1]))
            d = derived(maker(T))
            out[f"{name}_{T}"] = {"kind": name, "steps": T, "t": idx,
                                  **{k: [float(v[i]) for i in idx] for k, v in d.items()}}
    path = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "schedules.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
