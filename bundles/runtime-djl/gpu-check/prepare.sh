#!/bin/sh
# Builds the self-contained GPU check kit from the built bundles, on the build machine:
#
#   mvn -B install -pl bundles/runtime-djl,bundles/language -am     (once)
#   bundles/runtime-djl/gpu-check/prepare.sh [OUT_DIR]
#
# Writes OUT_DIR (default bundles/runtime-djl/gpu-check/target/skingpt-gpu-check) and OUT_DIR.tar.gz
# (about 30 MB). Copy the archive to the GPU server, unpack it and run ./run.sh there: it needs
# only a JDK 17 and the NVIDIA driver, plus the CUDA libtorch directory to check. No network.
#
# The kit carries: DJL and its dependencies as the runtime bundle embeds them (without the 450 MB
# CPU libtorch: the CUDA build computes on the CPU too), the runtime's classes (its libtorch check),
# the nn, language and api bundles (the Llama decoder), slf4j, the tiny parity Llama of
# models/parity/golden and the check program, compiled here.
# Environment: M2_REPO (default ~/.m2/repository) for slf4j.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
out=${1:-$here/target/skingpt-gpu-check}
m2=${M2_REPO:-$HOME/.m2/repository}

jar_of() { # the bundle jar a module built
    j=$(ls "$root/bundles/$1/target/"*.jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -1 || true)
    [ -n "$j" ] || { echo "prepare.sh: no jar in bundles/$1/target; build first: mvn -B install -pl bundles/runtime-djl,bundles/language -am" >&2; exit 1; }
    echo "$j"
}
runtime=$(jar_of runtime-djl)
rm -rf "$out" "$out.tar.gz"
mkdir -p "$out/lib" "$out/classes" "$out/model"

unzip -q -o "$runtime" 'lib/*.jar' -x 'lib/pytorch-native-cpu-*' -d "$out"
unzip -q -o "$runtime" 'org/*' -d "$out/classes"
# The runtime's check reads the libtorch version this build expects from the CPU natives' properties.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unzip -q "$runtime" 'lib/pytorch-native-cpu-*.jar' -d "$tmp"
unzip -q "$tmp"/lib/pytorch-native-cpu-*.jar 'native/lib/pytorch.properties' -d "$out/classes"
for module in nn language api; do cp "$(jar_of $module)" "$out/lib/"; done
for artifact in slf4j-api slf4j-simple; do
    j=$(ls "$m2/org/slf4j/$artifact/1.7.36/$artifact-1.7.36.jar" 2>/dev/null || true)
    [ -n "$j" ] || { echo "prepare.sh: $artifact 1.7.36 not in $m2 (set M2_REPO)" >&2; exit 1; }
    cp "$j" "$out/lib/"
done
cp "$root/models/parity/golden/llama_tiny.safetensors" "$root/models/parity/golden/llama_tiny_config.json" \
   "$root/models/parity/golden/llama_golden.safetensors" "$out/model/"
javac -nowarn --release 17 -cp "$out/classes:$out/lib/*" -d "$out/classes" "$here/GpuCheck.java"
cp "$here/run.sh" "$out/run.sh"
chmod +x "$out/run.sh"
tar -C "$(dirname "$out")" -czf "$out.tar.gz" "$(basename "$out")"
echo "GPU check kit: $out.tar.gz ($(du -h "$out.tar.gz" | cut -f1)); on the GPU server: tar xzf it, then ./run.sh /path/to/libtorch"
