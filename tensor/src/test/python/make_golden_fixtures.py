#!/usr/bin/python3
"""Writes the PyTorch golden fixtures read by org.dadda.tensor.GoldenTest.

Run with Debian's python3-torch:  /usr/bin/python3 tensor/src/test/python/make_golden_fixtures.py
Each fixture is a text file of named arrays:  "name d0 d1 ..." on one line, then the values
(float32 printed with 9 significant digits) on the next.
"""
import os
import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "fixtures", "golden")
os.makedirs(OUT, exist_ok=True)
torch.manual_seed(7)


def write(name, **arrays):
    with open(os.path.join(OUT, name + ".txt"), "w") as f:
        for key, t in arrays.items():
            t = t.detach().to(torch.float32).contiguous()
            f.write(key + " " + " ".join(str(d) for d in t.shape) + "\n")
            f.write(" ".join("%.9g" % v for v in t.flatten().tolist()) + "\n")


def leaf(*shape):
    return torch.randn(*shape, dtype=torch.float32, requires_grad=True)


# conv2d: stride 2, padding 1, groups 2, bias
x, w, b = leaf(2, 4, 7, 6), leaf(6, 2, 3, 3), leaf(6)
y = F.conv2d(x, w, b, stride=2, padding=1, groups=2)
gy = torch.randn_like(y)
y.backward(gy)
write("conv2d", x=x, w=w, b=b, y=y, gy=gy, gx=x.grad, gw=w.grad, gb=b.grad)

# group norm: 8 channels in 4 groups
x, g, bb = leaf(2, 8, 5, 3), leaf(8), leaf(8)
y = F.group_norm(x, 4, g, bb, eps=1e-5)
gy = torch.randn_like(y)
y.backward(gy)
write("group_norm", x=x, gamma=g, beta=bb, y=y, gy=gy, gx=x.grad, ggamma=g.grad, gbeta=bb.grad)

# batch norm: one training step (batch statistics, running stats updated), then eval
x, g, bb = leaf(4, 3, 5, 5), leaf(3), leaf(3)
rm, rv = torch.randn(3), torch.rand(3) + 0.5
rm0, rv0 = rm.clone(), rv.clone()
y = F.batch_norm(x, rm, rv, g, bb, training=True, momentum=0.1, eps=1e-5)
gy = torch.randn_like(y)
y.backward(gy)
x2 = torch.randn(2, 3, 4, 4)
y2 = F.batch_norm(x2, rm, rv, g, bb, training=False, eps=1e-5)
write("batch_norm", x=x, gamma=g, beta=bb, running_mean0=rm0, running_var0=rv0, y=y, gy=gy, gx=x.grad,
      ggamma=g.grad, gbeta=bb.grad, running_mean1=rm, running_var1=rv, x_eval=x2, y_eval=y2)

# attention with an additive mask: softmax(q k^T * scale + mask) v
q, k, v = leaf(2, 3, 5, 8), leaf(2, 3, 7, 8), leaf(2, 3, 7, 8)
mask = torch.zeros(5, 7)
mask[0, 5:] = -1e9
mask[3, :2] = -1e9
scale = 8 ** -0.5
att = torch.softmax(q @ k.transpose(-1, -2) * scale + mask, dim=-1)
o = att @ v
go = torch.randn_like(o)
o.backward(go)
write("attention", q=q, k=k, v=v, mask=mask, out=o, gout=go, gq=q.grad, gk=k.grad, gv=v.grad)

# softmax cross-entropy over class indices
logits = leaf(6, 5)
target = torch.tensor([0, 4, 2, 2, 1, 3])
loss = F.cross_entropy(logits, target)
loss.backward()
write("cross_entropy", logits=logits, target=target.float(), loss=loss.reshape(1), glogits=logits.grad)

# binary cross-entropy with logits
logits = leaf(3, 4)
target = torch.rand(3, 4)
loss = F.binary_cross_entropy_with_logits(logits, target)
loss.backward()
write("bce_with_logits", logits=logits, target=target, loss=loss.reshape(1), glogits=logits.grad)
print("fixtures written to", os.path.normpath(OUT))
