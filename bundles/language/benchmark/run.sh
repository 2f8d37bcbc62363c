#!/usr/bin/env bash
# Decode benchmark of the language model on random weights, optionally against llama.cpp.
#
#   bundles/language/benchmark/run.sh [promptTokens] [newTokens] [runs] [batch]
#
# Each shape (demo 5 M, base 134 M parameters) and thread count (1, 2) runs in its own JVM per
# decoder: libtorch (DJL) and the Java CPU decoder (batching off), then llama.cpp: libtorch reads its
# thread count once, at engine start. With a fourth argument "batch", the batched-decoding table
# follows (Java decoder, 1/2/4/8/16 concurrent streams, batching on and off). Model files (safetensors, GGUF,
# tokenizer.json; 0.6 GB for the base shape) are written to bundles/language/target/bench once.
#
# For the llama.cpp comparison, install node-llama-cpp 3.21.1 (prebuilt CPU binaries, from the
# npm registry) into a scratch folder and name it in LLAMACPP_DIR:
#   mkdir -p /tmp/llamacpp && (cd /tmp/llamacpp && npm init -y && npm install node-llama-cpp@3.21.1)
#   LLAMACPP_DIR=/tmp/llamacpp bundles/language/benchmark/run.sh
# Runs alternate between the engines so that load from other processes hits both alike.
#
# OpenMP threads spin while they wait by default; on a 2-vCPU machine shared with other work that
# made libtorch with 2 threads 3-10x slower (prefill 13 vs 106 tokens/s measured side by side), so
# the JVM runs with OMP_WAIT_POLICY=PASSIVE (override with DJL_OMP_WAIT_POLICY). llama.cpp is left
# at its default, which suits it better (2 threads, demo shape: 24 tokens/s default, 2.7 passive).
set -euo pipefail
djl_omp="${DJL_OMP_WAIT_POLICY:-PASSIVE}"
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
prompt="${1:-128}"; tokens="${2:-128}"; runs="${3:-3}"
cd "$module"
mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
mkdir -p target/bench
if [ -n "${LLAMACPP_DIR:-}" ]; then
  # ES modules resolve packages from the script's folder, not from NODE_PATH.
  cp "$here/llamacpp-bench.mjs" "$LLAMACPP_DIR/"
fi
echo "OMP_WAIT_POLICY for the JVM: $djl_omp"
echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| model | engine | threads | prompt tokens | time to first token (ms) | prefill (tokens/s) | decode greedy (tokens/s) | decode top-p 0.9 (tokens/s) | RSS MB (anonymous) | load (ms) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for shape in demo base; do
  for threads in 1 2; do
    for engine in djl java; do
      OMP_WAIT_POLICY="$djl_omp" java -Xmx3g --add-modules=jdk.incubator.vector -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
        -cp "$cp" org.skingpt.language.bench.LlamaBenchmark "$shape" "$threads" target/bench "$prompt" "$tokens" "$runs" "$engine" \
        2>/dev/null | grep '^|'
    done
    if [ -n "${LLAMACPP_DIR:-}" ]; then
      name=$([ "$shape" = demo ] && echo demo-5M || echo base-134M)
      node "$LLAMACPP_DIR/llamacpp-bench.mjs" "$module/target/bench/$name/model-f32.gguf" "$threads" "$prompt" "$tokens" "$runs" 2>/dev/null | grep '^|'
    fi
  done
done
if [ "${4:-}" = batch ]; then
  echo
  echo "| model | threads | batching | streams | aggregate decode (tokens/s) | per stream (tokens/s) | vs 1 stream | first token median (ms) | first token max (ms) | average batch in the decode phase | heap used (MB) | RSS (MB) |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  for threads in 1 2; do
    java -Xmx3g --add-modules=jdk.incubator.vector -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -cp "$cp" \
      org.skingpt.language.bench.BatchedDecodeBenchmark base "$threads" target/bench 64 64 1,2,4,8,16 2>/dev/null | grep '^|'
  done
fi
echo
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
