"""Golden trajectories of PyTorch's optimizers in float32: two parameters, five steps with fixed
gradients (the second parameter gets none on step 3, so it skips that step as PyTorch does),
and the parameters after every step. Also clip_grad_norm_ on fixed gradients.

Files: fixtures/optim/<case>.txt with init.<p>, grad<step>.<p> and after<step>.<p> (step 1..5);
fixtures/optim/clip.txt with grad.<p>, norm, clipped.<p>.
Run: /usr/bin/python3 nn/src/test/python/optim_fixtures.py
"""
import os

import torch

import fixture_io

OUT = os.path.join(fixture_io.fixture_dir(), "optim")
SRC = "nn/src/test/python/optim_fixtures.py"
STEPS = 5
SKIP = (3, "b")  # on step 3, parameter b has no gradient

CASES = {
    "sgd_nesterov_wd": lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01),
    "sgd_dampening": lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8, dampening=0.3),
    "sgd_plain": lambda ps: torch.optim.SGD(ps, lr=0.2),
    "adam_wd": lambda ps: torch.optim.Adam(ps, lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01),
    "adam_betas": lambda ps: torch.optim.Adam(ps, lr=0.003, betas=(0.8, 0.95), eps=1e-6),
    "adamw": lambda ps: torch.optim.AdamW(ps, lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1),
}


def main():
    gen = torch.Generator().manual_seed(7)
    init = {"a": torch.randn(3, 4, generator=gen), "b": torch.randn(4, generator=gen)}
    grads = [{k: torch.randn(v.shape, generator=gen) * (0.5 + s) for k, v in init.items()} for s in range(STEPS)]
    for name, make in CASES.items():
        params = {k: v.clone().requires_grad_(True) for k, v in init.items()}
        opt = make(list(params.values()))
        tensors = {f"init.{k}": v for k, v in init.items()}
        for s in range(1, STEPS + 1):
            for k, p in params.items():
                p.grad = None if (s, k) == SKIP else grads[s - 1][k].clone()
                if p.grad is not None:
                    tensors[f"grad{s}.{k}"] = p.grad
            opt.step()
            for k, p in params.items():
                tensors[f"after{s}.{k}"] = p.detach().clone()
        fixture_io.write(os.path.join(OUT, name + ".txt"), tensors, SRC)

    for max_norm in (1.0, 100.0):
        params = {k: v.clone().requires_grad_(True) for k, v in init.items()}
        tensors = {}
        for k, p in params.items():
            p.grad = grads[4][k].clone()
            tensors[f"grad.{k}"] = p.grad.clone()
        norm = torch.nn.utils.clip_grad_norm_(list(params.values()), max_norm)
        tensors["max_norm"] = torch.tensor(max_norm)
        tensors["norm"] = norm
        for k, p in params.items():
            tensors[f"clipped.{k}"] = p.grad
        fixture_io.write(os.path.join(OUT, f"clip_{int(max_norm)}.txt"), tensors, SRC)


if __name__ == "__main__":
    main()
