#!/usr/bin/env bash
# Compiles the CUDA C kernels (src/main/cuda/*.cu) to PTX and keeps the committed PTX honest.
#
#   build-ptx.sh --update   compile with nvcc and write the PTX under src/main/resources (commit it)
#   build-ptx.sh --check    what the Maven build runs (generate-resources): the build fails when the
#                           committed PTX does not match the sources. With nvcc on the PATH the
#                           sources are compiled into target/ptx and compared with the committed PTX
#                           (comment lines, which name the compiler build, are ignored; PTX from
#                           another nvcc release may differ in code, and then only warns); without
#                           nvcc only the sources hash recorded in each PTX file is compared, and
#                           the committed PTX is what the jar carries.
#
# Every PTX file starts with "// dadda-sources-sha256: H", H the hash of the nvcc flags and every
# file under src/main/cuda, so a change to any kernel or header makes all PTX stale.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
src="$here/src/main/cuda"
out="$here/src/main/resources/org/dadda/cuda/ptx"
# compute_75 is the oldest target nvcc 13 accepts; the driver JIT-compiles the PTX for the GPU it finds.
flags=(-ptx -arch=compute_75 -std=c++17 -O3)

sources_hash() {
    (cd "$src" && { printf '%s\n' "${flags[*]}"; for f in $(ls | LC_ALL=C sort); do printf '%s\n' "$f"; cat "$f"; done; }) \
        | sha256sum | cut -d' ' -f1
}

compile_into() { # dir
    local dir="$1" hash name
    hash="$(sources_hash)"
    mkdir -p "$dir"
    : > "$dir/modules.txt.tmp"
    for cu in $(ls "$src"/*.cu | LC_ALL=C sort); do
        name="$(basename "$cu" .cu)"
        nvcc "${flags[@]}" -I "$src" -o "$dir/$name.ptx.tmp" "$cu"
        { printf '// dadda-sources-sha256: %s\n' "$hash"; cat "$dir/$name.ptx.tmp"; } > "$dir/$name.ptx"
        rm "$dir/$name.ptx.tmp"
        echo "$name" >> "$dir/modules.txt.tmp"
    done
    mv "$dir/modules.txt.tmp" "$dir/modules.txt"
}

compiler_of() { # file: the nvcc build that wrote the PTX, e.g. V13.0.88
    grep -m1 -o 'Cuda compilation tools, release [0-9.]*, V[0-9.]*' "$1" | grep -o 'V[0-9.]*$' || echo unknown
}

code_only() { # file: the PTX without comment lines
    grep -v '^[[:space:]]*//' "$1" || true
}

case "${1:-}" in
    --update)
        command -v nvcc > /dev/null || { echo "build-ptx: nvcc is not on the PATH" >&2; exit 1; }
        rm -f "$out"/*.ptx
        compile_into "$out"
        echo "build-ptx: wrote $(wc -l < "$out/modules.txt") PTX modules to ${out#"$here"/}"
        ;;
    --check)
        [ -f "$out/modules.txt" ] || { echo "build-ptx: no committed PTX in $out; run native/build-ptx.sh --update" >&2; exit 1; }
        want="$(sources_hash)"
        stale=()
        for cu in "$src"/*.cu; do
            name="$(basename "$cu" .cu)"
            ptx="$out/$name.ptx"
            if [ ! -f "$ptx" ] || [ "$(head -1 "$ptx")" != "// dadda-sources-sha256: $want" ]; then
                stale+=("$name")
            fi
        done
        if command -v nvcc > /dev/null; then
            fresh="$here/target/ptx"
            rm -rf "$fresh"
            compile_into "$fresh"
            for ptx in "$fresh"/*.ptx; do
                name="$(basename "$ptx" .ptx)"
                if [ ! -f "$out/$name.ptx" ]; then
                    stale+=("$name")
                elif ! cmp -s <(code_only "$ptx") <(code_only "$out/$name.ptx"); then
                    # Another nvcc release may emit other code from the same sources: then the
                    # sources hash decides. The same release must give the same PTX.
                    if [ "$(compiler_of "$ptx")" = "$(compiler_of "$out/$name.ptx")" ]; then
                        stale+=("$name")
                    else
                        echo "build-ptx: warning: $name.ptx was built by nvcc $(compiler_of "$out/$name.ptx"), this is" \
                            "$(compiler_of "$ptx"); its code differs, its sources hash matches" >&2
                    fi
                fi
            done
            how="compiled with $(nvcc --version | grep -o 'release [0-9.]*')"
        else
            how="nvcc not on the PATH: sources hash only, the committed PTX is used"
        fi
        if [ "${#stale[@]}" -gt 0 ]; then
            echo "build-ptx: the committed PTX is stale for: $(printf '%s\n' "${stale[@]}" | sort -u | tr '\n' ' ')" >&2
            echo "build-ptx: the kernels under native/src/main/cuda changed; run native/build-ptx.sh --update and commit the PTX" >&2
            exit 1
        fi
        echo "build-ptx: committed PTX matches the kernel sources ($how)"
        ;;
    *)
        echo "usage: build-ptx.sh --update | --check" >&2
        exit 2
        ;;
esac
