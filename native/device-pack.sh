#!/usr/bin/env bash
# Builds what native/device-check.sh carries to the GPU machine (which has the NVIDIA driver but
# no Java and no Maven): a jlink JRE and one jar with the CUDA backend, its tests and everything
# they need, packed as native/target/device-bundle.tar.gz (kept under 60 MiB; the command that
# carries it may carry 64 MiB).
#
#   native/device-pack.sh            build the bundle (an online Maven build the first time)
#
# Then, on the GPU machine, from the repository root:  bash native/device-check.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="$here/target/device-pack"
bundle="$here/target/device-bundle.tar.gz"
limit=$((60 * 1024 * 1024))

rm -rf "$work" "$bundle"
mkdir -p "$work/lib" "$work/merged"

echo "device-pack: building tensor and native (tests skipped)"
(cd "$root" && mvn -q -B -pl tensor,native install -DskipTests)
(cd "$root" && mvn -q -B -pl native dependency:copy-dependencies -DincludeScope=test \
    -DexcludeArtifactIds=jazzer,jazzer-api,jazzer-junit -DoutputDirectory="$work/lib")
cp "$here"/target/dadda-native-*-tests.jar "$here"/target/dadda-native-*[0-9T].jar "$work/lib/"

echo "device-pack: merging $(ls "$work/lib" | wc -l) jars into dadda-device-tests.jar"
# One jar: every class and resource, service registrations concatenated, signatures and module
# descriptors dropped (it runs on the class path). Of the JCuda natives only the driver binding
# travels: the others (NVRTC, the PTX compiler, the runtime) are 24 MB the backend never loads.
for jar in "$work"/lib/*.jar; do
    (cd "$work/merged" && unzip -qq -o "$jar" -x 'META-INF/services/*' 'META-INF/*.SF' 'META-INF/*.RSA' \
        'META-INF/*.DSA' 'META-INF/MANIFEST.MF' 'module-info.class' 'META-INF/versions/*/module-info.class')
    for service in $(unzip -Z1 "$jar" 'META-INF/services/*' 2>/dev/null | grep -v '/$' || true); do
        mkdir -p "$work/merged/META-INF/services"
        unzip -p "$jar" "$service" >> "$work/merged/$service"
        echo >> "$work/merged/$service"
    done
done
find "$work/merged/lib" -name '*.so' ! -name 'libJCudaDriver-*' -delete
printf 'Main-Class: org.dadda.cuda.DeviceCheck\n' > "$work/manifest.txt"
(cd "$work/merged" && jar --create --file "$work/dadda-device-tests.jar" --manifest "$work/manifest.txt" .)

# jdk.zipfs: JUnit finds the test classes by reading the jar as a file system.
modules="java.base,jdk.incubator.vector,jdk.unsupported,jdk.zipfs"
# What else the jar's classes use (JUnit and JCuda log through java.logging, for instance).
extra="$(jdeps --ignore-missing-deps --multi-release 17 --print-module-deps "$work/dadda-device-tests.jar" 2>/dev/null || true)"
[ -n "$extra" ] && modules="$(printf '%s,%s' "$modules" "$extra" | tr ',' '\n' | sort -u | paste -sd, -)"
echo "device-pack: jlink JRE of $modules"
jlink --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 --output "$work/jre"

mkdir -p "$work/bundle"
mv "$work/jre" "$work/dadda-device-tests.jar" "$work/bundle/"
tar -C "$work/bundle" -czf "$bundle" jre dadda-device-tests.jar
size=$(stat -c %s "$bundle")
echo "device-pack: $bundle: $((size / 1024 / 1024)) MiB ($size bytes; JRE $(du -sh "$work/bundle/jre" | cut -f1)," \
    "jar $(du -h "$work/bundle/dadda-device-tests.jar" | cut -f1))"
if [ "$size" -gt "$limit" ]; then
    echo "device-pack: the bundle exceeds 60 MiB" >&2
    exit 1
fi
