"""Golden values for nn's layers: forward outputs and gradients with respect to inputs and
parameters, computed by PyTorch in float64 from float32-representable inputs and parameters.

Each case is a file fixtures/layers/<case>.txt holding:
  state.<key>      the module's state_dict (loaded into the Java module by name)
  in.<name>        inputs
  proj             a random projection: the loss is sum(out * proj)
  out              the forward output
  grad.in.<name>   gradient of the loss with respect to each input
  grad.state.<key> gradient with respect to each parameter
  after.<key>      (batch norm) the state after the training steps; eval.out for eval mode

Run: /usr/bin/python3 nn/src/test/python/layer_fixtures.py
"""
import math
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

import fixture_io

torch.set_default_dtype(torch.float64)
GEN = torch.Generator().manual_seed(20240607)
OUT = os.path.join(fixture_io.fixture_dir(), "layers")


def randn(*shape, scale=1.0, shift=0.0):
    return fixture_io.f32(torch.randn(tuple(shape), generator=GEN) * scale + shift)


class MHA(nn.Module):
    """The layout of org.dadda.nn.layers.MultiHeadAttention: q/k/v/out projections, tokens or maps."""

    def __init__(s, qdim, cdim, heads, hdim, qkv_bias):
        super().__init__()
        s.h, s.d = heads, hdim
        s.q_proj = nn.Linear(qdim, heads * hdim, bias=qkv_bias)
        s.k_proj = nn.Linear(cdim, heads * hdim, bias=qkv_bias)
        s.v_proj = nn.Linear(cdim, heads * hdim, bias=qkv_bias)
        s.out_proj = nn.Linear(heads * hdim, qdim)

    @staticmethod
    def tokens(t):
        return t.flatten(2).transpose(1, 2) if t.dim() == 4 else t

    def forward(s, x, ctx=None):
        xt = s.tokens(x)
        ct = xt if ctx is None else s.tokens(ctx)
        B, Lq, _ = xt.shape
        split = lambda t: t.reshape(B, t.shape[1], s.h, s.d).transpose(1, 2)
        q, k, v = split(s.q_proj(xt)), split(s.k_proj(ct)), split(s.v_proj(ct))
        a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(s.d), dim=-1)
        y = s.out_proj((a @ v).transpose(1, 2).reshape(B, Lq, s.h * s.d))
        return y.transpose(1, 2).reshape(x.shape) if x.dim() == 4 else y


class AttnBlock(nn.Module):
    """org.dadda.nn.layers.AttentionBlock: x + attn(norm(x))."""

    def __init__(s, c, groups, heads, hdim):
        super().__init__()
        s.norm = nn.GroupNorm(groups, c)
        s.attn = MHA(c, c, heads, hdim, True)

    def forward(s, x):
        return x + s.attn(s.norm(x))


def randomise(module):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(randn(*p.shape, scale=0.5))
    return module


def case(name, module, inputs, fn, extra=None):
    """Runs fn(module, *inputs), backpropagates sum(out * proj), writes the fixture."""
    tensors = {}
    for k, v in module.state_dict().items():
        tensors["state." + k] = v.clone()
    ins = {}
    for k, v in inputs.items():
        if isinstance(v, torch.Tensor) and v.is_floating_point():
            v = v.clone().requires_grad_(True)
        ins[k] = v
        tensors["in." + k] = v
    out = fn(module, **ins)
    proj = randn(*out.shape)
    (out * proj).sum().backward()
    tensors["proj"] = proj
    tensors["out"] = out
    for k, v in ins.items():
        if isinstance(v, torch.Tensor) and v.grad is not None:
            tensors["grad.in." + k] = v.grad
    for k, p in module.named_parameters():
        tensors["grad.state." + k] = p.grad
    if extra:
        tensors.update(extra(module))
    fixture_io.write(os.path.join(OUT, name + ".txt"), tensors, "nn/src/test/python/layer_fixtures.py")


def main():
    call = lambda m, x: m(x)
    case("linear", randomise(nn.Linear(5, 3)), {"x": randn(2, 3, 5)}, call)
    case("linear_nobias", randomise(nn.Linear(5, 3, bias=False)), {"x": randn(4, 5)}, call)
    case("conv_s2p1g2", randomise(nn.Conv2d(4, 6, 3, stride=2, padding=1, groups=2)), {"x": randn(2, 4, 7, 7)}, call)
    case("conv_k1", randomise(nn.Conv2d(3, 5, 1)), {"x": randn(2, 3, 4, 5)}, call)
    case("conv_dil2_nobias", randomise(nn.Conv2d(2, 3, 3, padding=2, dilation=2, bias=False)), {"x": randn(1, 2, 6, 6)}, call)
    case("groupnorm", randomise(nn.GroupNorm(2, 6)), {"x": randn(2, 6, 3, 4, scale=2.0, shift=0.5)}, call)
    case("layernorm", randomise(nn.LayerNorm([3, 4])), {"x": randn(2, 5, 3, 4, scale=2.0, shift=-0.3)}, call)
    case("attention_block", randomise(AttnBlock(8, 2, 2, 4)), {"x": randn(2, 8, 3, 3)}, call)
    case("cross_attention", randomise(MHA(6, 5, 2, 3, False)), {"x": randn(2, 6, 2, 3), "context": randn(2, 3, 5)},
         lambda m, x, context: m(x, context))
    case("cross_attention_tokens", randomise(MHA(6, 5, 3, 2, True)), {"x": randn(2, 4, 6), "context": randn(2, 3, 5)},
         lambda m, x, context: m(x, context))

    # Batch norm: two training steps (the gradient is that of the second), then evaluation.
    bn = randomise(nn.BatchNorm2d(3))
    x1, x3 = randn(4, 3, 3, 3, scale=1.5, shift=0.7), randn(2, 3, 3, 3)

    def bn_train(m, x):
        m.train()
        with torch.no_grad():
            m(x1)
        return m(x)

    def bn_after(m):
        after = {"after." + k: v for k, v in m.state_dict().items()}
        m.eval()
        with torch.no_grad():
            after["in.x_eval"] = x3
            after["eval.out"] = m(x3)
        return after

    case("batchnorm", bn, {"x": randn(4, 3, 3, 3, scale=0.8, shift=-0.2), "x_first": x1}, lambda m, x, x_first: bn_train(m, x),
         extra=bn_after)

    # Cross-entropy (no module): plain and spatial logits; the loss is a scalar and proj multiplies it.
    empty = nn.Module()
    t1 = torch.randint(0, 4, (5,), generator=GEN)
    case("cross_entropy", empty, {"logits": randn(5, 4, scale=2.0), "target": t1.to(torch.float64)},
         lambda m, logits, target: F.cross_entropy(logits, target.long()))
    t2 = torch.randint(0, 3, (2, 2, 2), generator=GEN)
    case("cross_entropy_spatial", empty, {"logits": randn(2, 3, 2, 2, scale=2.0), "target": t2.to(torch.float64)},
         lambda m, logits, target: F.cross_entropy(logits, target.long()))

    # Pooling and upsampling, concatenated so one fixture covers them.
    def pools(m, x):
        parts = [F.max_pool2d(x, 3, 2, 1), F.avg_pool2d(x, 2, 2, 0), F.adaptive_avg_pool2d(x, (3, 2)),
                 F.interpolate(x, scale_factor=2, mode="nearest")]
        return torch.cat([p.reshape(-1) for p in parts])

    case("pools", empty, {"x": randn(1, 2, 5, 5)}, pools)

    def activations(m, x):
        return torch.cat([F.silu(x), F.relu(x), F.gelu(x)])

    case("activations", empty, {"x": randn(12, scale=2.0)}, activations)


if __name__ == "__main__":
    main()
