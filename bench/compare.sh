#!/usr/bin/env bash
# Runs each dadda JMH benchmark right after its PyTorch / scikit-image anchor, in one sitting,
# and keeps both outputs under bench/results/<date>/ for bench/RESULTS.md.
#   usage: [ANCHORS=path/to/shared/anchors] [OUT=results/folder] bench/compare.sh [workload ...]   (gemm conv attn unet resnet skimage dam diffusion inference fedavg)
# Run it on an otherwise idle machine: no build, test or other job at the same time.
set -euo pipefail
cd "$(dirname "$0")/.."
anchors=${ANCHORS:-../shared/anchors}
out=${OUT:-bench/results/$(date +%F)}
mkdir -p "$out"
jar=bench/target/benchmarks.jar
[ -f "$jar" ] || mvn -B -q -DskipTests package -pl bench -am
jmh() { java --add-modules jdk.incubator.vector -jar "$jar" "$@" -rf json -rff "$out/$1.json" 2>&1 | tee "$out/$1.txt" | grep -E '^(Benchmark|[A-Za-z]+Bench\.)'; }
# Shorter runs for the many-method benchmarks, so that a whole comparison fits in half an hour.
short=(-wi 2 -i 3 -w 2s -r 3s)
anchor() { local name=$1; shift; "$anchors/run.sh" "$@" 2>&1 | tee "$out/torch-$name.txt"; }
workloads=${*:-gemm conv attn unet resnet skimage}
for w in $workloads; do
  echo "== $w $(date -Is)"
  case $w in
    gemm) anchor gemm bench_gemm.py; jmh GemmBench ;;
    conv) anchor conv bench_conv.py
          for pair in 64:64 128:32 256:16 64:128; do
            java --add-modules jdk.incubator.vector -jar "$jar" ConvBench -p c=${pair%:*} -p hw=${pair#*:} \
              -rf json -rff "$out/ConvBench-${pair/:/x}.json" 2>&1 | tee "$out/ConvBench-${pair/:/x}.txt" | grep -E '^(Benchmark|ConvBench\.)'
          done ;;
    attn) anchor attn bench_attn.py; jmh AttentionBench ;;
    unet) anchor unet-s bench_unet.py 5 32 32 16; anchor unet-m bench_unet.py 5 64 64 16; jmh UNetStepBench ;;
    resnet) anchor resnet bench_resnet.py; jmh ResNetBench ;;
    skimage) anchor skimage bench_skimage.py; jmh DamBench "${short[@]}" ;;
    diffusion) jmh DiffusionBench -r 5s ;;
    inference) jmh InferenceBench ;;
    fedavg) jmh FedAvgBench ;;
    *) echo "unknown workload $w" >&2; exit 2 ;;
  esac
done
echo "outputs in $out"
