#!/usr/bin/env bash
# Fuzzes every reader of outside input with Jazzer, one target per JVM, each for the
# maxDuration its @FuzzTest gives (30-60 s). `mvn -B verify` only replays the committed seeds;
# this script searches for new inputs. A crash is written next to the seeds
# (src/test/resources/.../<Test>Inputs/<method>/crash-*) and fails the run: fix the reader, keep
# the input as a seed. Usage: bench/fuzz.sh [TARGET...]  (default: all; TARGET is Class#method)
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(
    "tensor:JsonFuzzTest#parse"
    "nn:SafeTensorsFuzzTest#read"
    "augment:ImageFilesFuzzTest#read"
    "federated:RunFilesFuzzTest#runConfig"
    "federated:RunFilesFuzzTest#uploadManifest"
    "federated:RunFilesFuzzTest#datasetSplit"
    "federated:RunFilesFuzzTest#modelBundle"
  )
fi
mvn -q -B -DskipTests install
status=0
for t in "${targets[@]}"; do
  module="${t%%:*}"; test="${t#*:}"
  echo "== fuzzing $test ($module)"
  if ! JAZZER_FUZZ=1 mvn -q -B -pl "$module" test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
      > "target-fuzz-${test//#/-}.log" 2>&1; then
    echo "   FOUND A FAILURE: see target-fuzz-${test//#/-}.log"; status=1
  fi
  grep -E "^Done [0-9]+ runs" "target-fuzz-${test//#/-}.log" | sed 's/^/   /' || true
done
exit $status
