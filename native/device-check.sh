#!/usr/bin/env bash
# The device check, for the GPU machine (NVIDIA driver, no Java, no Maven): unpacks the bundle
# that native/device-pack.sh built (a jlink JRE and the test jar), runs every test of the CUDA
# backend (the contract tests against the float64 reference on the GPU, plus the host-side tests;
# the CPU and emulator runs of the contract are left to the build) and prints one table; then times SGEMM, convolution and attention on the backend and, when
# PyTorch with CUDA is there, the same shapes in PyTorch (TF32 off on both sides), as a second table.
#
#   here:              native/device-pack.sh
#   GPU machine:       bash native/device-check.sh [native/target/device-bundle.tar.gz]
#
# Exit status: 0 all passed on the GPU, 1 a test failed, 2 the CUDA tests were skipped (no usable
# device: the reason is in the table), 3 no bundle.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
bundle="${1:-$here/target/device-bundle.tar.gz}"
if [ ! -f "$bundle" ]; then
    echo "device-check: no bundle at $bundle; run native/device-pack.sh and carry native/target/device-bundle.tar.gz" >&2
    exit 3
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xzf "$bundle"
java=("$work/jre/bin/java" --add-modules jdk.incubator.vector -Xmx16g)

echo "== device"
command -v nvidia-smi > /dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
"${java[@]}" -Ddadda.backend=auto -cp "$work/dadda-device-tests.jar" 'org.dadda.cuda.BackendSelectionTest$PrintBackend' 2>&1 \
    | grep -m1 '^dadda: backend auto' || true

echo "== tests (each CUDA launch synchronised, so a fault names its kernel)"
# The tests read the kernel sources under native/src/main/cuda, hence the working directory.
cd "$here"
timeout 240 "${java[@]}" -Ddadda.cuda.sync=true -jar "$work/dadda-device-tests.jar"
status=$?
echo "device-check: tests exited $status"

if [ "$status" -ne 2 ]; then
    echo "== timings: dadda cuda"
    timeout 120 "${java[@]}" -cp "$work/dadda-device-tests.jar" org.dadda.cuda.CudaBench || echo "device-check: timings failed"
    if python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2> /dev/null; then
        echo "== timings: PyTorch $(python3 -c 'import torch; print(torch.__version__)') on the same GPU"
        timeout 90 python3 - << 'PY'
import torch, time
import torch.nn.functional as F
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
dev = "cuda"

def row(op, shape, flops, fn):
    for _ in range(2):
        fn()
    torch.cuda.synchronize()
    reps, start = 0, time.perf_counter()
    while True:
        fn(); reps += 1
        torch.cuda.synchronize()
        if time.perf_counter() - start >= 0.5 or reps >= 50:
            break
    ms = (time.perf_counter() - start) * 1e3 / reps
    print(f"{op:<26} {shape:<34} {ms:10.3f} {flops / ms / 1e9:9.2f}")

print(f"{'op (pytorch)':<26} {'shape':<34} {'ms':>10} {'TFLOP/s':>9}")
for s in (1024, 4096):
    a, b = torch.randn(s, s, device=dev), torch.randn(s, s, device=dev)
    row("sgemm", f"{s}^3", 2.0 * s ** 3, lambda: a @ b)
x = torch.randn(16, 128, 64, 64, device=dev, requires_grad=True)
w = torch.randn(128, 128, 3, 3, device=dev, requires_grad=True)
macs = 16 * 128 * 64 * 64 * 128 * 9
y = F.conv2d(x, w, padding=1)
gy = torch.randn_like(y)
shape = "16x128x64x64, 128 out, 3x3"
row("conv2d forward", shape, 2.0 * macs, lambda: F.conv2d(x, w, padding=1))
row("conv2d backward input", shape, 2.0 * macs,
    lambda: torch.nn.grad.conv2d_input(x.shape, w, gy, padding=1))
row("conv2d backward weight", shape, 2.0 * macs,
    lambda: torch.nn.grad.conv2d_weight(x, w.shape, gy, padding=1))
q, k, v = (torch.randn(16, 8, 1024, 64, device=dev, requires_grad=True) for _ in range(3))
fwd = 4.0 * 128 * 1024 * 1024 * 64
shape = "16x8 heads, 1024 tokens, d 64"
row("attention forward", shape, fwd, lambda: F.scaled_dot_product_attention(q, k, v))
go = torch.randn(16, 8, 1024, 64, device=dev)
row("attention fwd+bwd", shape, 3.5 * fwd,
    lambda: torch.autograd.grad(F.scaled_dot_product_attention(q, k, v), (q, k, v), go))
PY
    else
        echo "device-check: no PyTorch with CUDA here, no comparison"
    fi
fi
exit "$status"
