#!/usr/bin/python3
"""Interop fixtures for org.dadda.nn.io.SafeTensors, written by hand following the safetensors spec.

python3-safetensors is not packaged for Debian (`apt-cache policy python3-safetensors` finds
nothing), so this script has its own minimal writer and reader of the format:
8-byte little-endian header length N, N bytes of JSON header (padded with spaces to a multiple
of 8), then the raw little-endian tensor bytes at the header's data_offsets.

Default mode (torch -> Java), run with the Debian python:

    /usr/bin/python3 nn/src/test/python/make_safetensors_fixtures.py

creates tensors with torch (F32, F16 with subnormal/inf/NaN/max values, BF16, a scalar and an
empty tensor), writes nn/src/test/resources/fixtures/safetensors/torch_written.safetensors and the
expected float32 values (torch's own .float() conversion) to torch_expected.json.
SafeTensorsInteropTest loads the file and compares.

Reverse check (Java -> python), a documented manual step not run in CI:

    mvn -q -o -pl nn -am test -Dtest=SafeTensorsInteropTest -Dsurefire.failIfNoSpecifiedTests=false \
        -Ddadda.safetensors.export=/tmp/from_java.safetensors
    /usr/bin/python3 nn/src/test/python/make_safetensors_fixtures.py --check-java /tmp/from_java.safetensors

The Java test writes the tensors of java_tensors() below to the exported file; this script reads
the file with its own reader and compares bit for bit.
"""
import argparse
import json
import math
import os
import struct
import sys

import numpy as np
import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "fixtures", "safetensors")

DTYPES = {torch.float32: ("F32", 4), torch.float16: ("F16", 2), torch.bfloat16: ("BF16", 2)}
NUMPY = {"F32": np.dtype("<f4"), "F16": np.dtype("<f2"), "BF16": np.dtype("<u2")}


def write_safetensors(path, tensors, metadata=None):
    """tensors: list of (name, torch tensor). Data is laid out in list order."""
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    blobs = []
    offset = 0
    for name, t in tensors:
        dtype, size = DTYPES[t.dtype]
        t = t.contiguous()
        # Raw little-endian bytes of the tensor (bf16 viewed as int16 since numpy has no bf16).
        raw = t.view(torch.int16).numpy().astype("<i2").tobytes() if size == 2 else t.numpy().astype("<f4").tobytes()
        assert len(raw) == t.numel() * size
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    # Header keys in reverse data order: readers must go by data_offsets, not by key order.
    ordered = {"__metadata__": metadata} if metadata else {}
    ordered.update({k: header[k] for k in reversed([n for n, _ in tensors])})
    text = json.dumps(ordered, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in blobs:
            f.write(raw)


def read_safetensors(path):
    """Returns (metadata, {name: float32 numpy array}) after checking that offsets tile the data."""
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    body = data[8 + n:]
    metadata = header.pop("__metadata__", {})
    spans = sorted((v["data_offsets"][0], v["data_offsets"][1], k) for k, v in header.items())
    pos = 0
    for begin, end, name in spans:
        assert begin == pos, f"{name}: gap or overlap at {begin} (expected {pos})"
        pos = end
    assert pos == len(body), f"data section has {len(body)} bytes, offsets cover {pos}"
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        arr = np.frombuffer(body[begin:end], dtype=NUMPY[info["dtype"]])
        if info["dtype"] == "BF16":
            arr = (arr.astype(np.uint32) << 16).view(np.float32)
        tensors[name] = arr.astype(np.float32).reshape(info["shape"])
    return metadata, tensors


def encode(values):
    """JSON has no NaN/Infinity: write those as strings."""
    out = []
    for v in values:
        v = float(v)
        out.append("NaN" if math.isnan(v) else ("Infinity" if v == math.inf else ("-Infinity" if v == -math.inf else v)))
    return out


def torch_tensors():
    g = torch.Generator().manual_seed(1234)
    weight = torch.randn(3, 4, 5, generator=g)
    half = torch.tensor([0.0, -0.0, 1.0, -2.5, 65504.0, -65504.0, 6.103515625e-05, 5.960464477539063e-08,
                         3.0e-06, 0.1, float("inf"), float("-inf"), float("nan"), 1234.5, -0.333],
                        dtype=torch.float16).reshape(3, 5)
    bf = (torch.randn(2, 3, generator=g) * 1000).to(torch.bfloat16)
    bf_special = torch.tensor([3.0e38, -1.0e-38, 1.0e-40, float("inf")], dtype=torch.bfloat16)
    scalar = torch.tensor(3.25)
    empty = torch.zeros(0, 3)
    return [("encoder.weight", weight), ("half.values", half), ("bf16.values", bf), ("bf16.special", bf_special),
            ("scalar", scalar), ("empty", empty)]


def java_tensors():
    """Mirror of SafeTensorsInteropTest.javaTensors(): the values are exact in float32."""
    w = np.array([i * 0.25 - 1.0 for i in range(12)], dtype=np.float32).reshape(3, 4)
    b = np.array([1.5, -0.0, 1e-3, 65536.0], dtype=np.float32)
    s = np.array(-7.125, dtype=np.float32)
    e = np.zeros((2, 0), dtype=np.float32)
    return {"layer.weight": w, "layer.bias": b, "scale": s, "nothing": e}, {"producer": "dadda-java", "epoch": "3"}


def make_fixtures():
    os.makedirs(OUT, exist_ok=True)
    tensors = torch_tensors()
    metadata = {"format": "pt", "note": "written by make_safetensors_fixtures.py"}
    path = os.path.join(OUT, "torch_written.safetensors")
    write_safetensors(path, tensors, metadata)
    expected = {"metadata": metadata, "tensors": [
        {"name": name, "dtype": DTYPES[t.dtype][0], "shape": list(t.shape),
         "values": encode(t.float().reshape(-1).tolist())} for name, t in tensors]}
    with open(os.path.join(OUT, "torch_expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    # The writer's output must be readable by the reader above, values unchanged.
    meta, back = read_safetensors(path)
    assert meta == metadata
    for name, t in tensors:
        np.testing.assert_array_equal(back[name], t.float().numpy())
    print(f"{path}: {os.path.getsize(path)} bytes")


def check_java(path):
    metadata, tensors = read_safetensors(path)
    expected, expected_meta = java_tensors()
    assert metadata == expected_meta, f"metadata {metadata} != {expected_meta}"
    assert sorted(tensors) == sorted(expected), f"tensors {sorted(tensors)} != {sorted(expected)}"
    for name, want in expected.items():
        got = tensors[name]
        assert got.shape == want.shape, f"{name}: shape {got.shape} != {want.shape}"
        assert np.array_equal(got.view(np.uint32), want.view(np.uint32)), f"{name}: values differ"
        # And torch agrees on the same bytes.
        assert torch.equal(torch.from_numpy(got.copy()), torch.from_numpy(want))
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
    assert (8 + n) % 8 == 0, "header not padded to a multiple of 8"
    print(f"OK: {path} holds {len(tensors)} tensors and metadata {metadata} as expected")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check-java", metavar="FILE", help="verify a safetensors file written by the Java test")
    args = parser.parse_args()
    if args.check_java:
        check_java(args.check_java)
    else:
        make_fixtures()
    sys.exit(0)
