#!/usr/bin/env bash
# Native-memory soak of the image encoder (demo shape), each mode in its own JVM: fixed heap, two malloc
# arenas, one intra-op thread. 'real' must stay flat, 'leaky' (the positive control: one output array kept
# per call) must be judged leaking by the same rule. Exits non-zero if either verdict is wrong.
# Allocations of 128 KiB and more are mmapped and go back to the system when freed (MALLOC_MMAP_THRESHOLD_),
# so the tens of MB of activations an encode allocates and frees do not make the resident set swing.
#   bundles/vision/benchmark/memory-soak.sh [windows] [callsPerWindow]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$(dirname "$here")"
windows="${1:-8}"; calls="${2:-150}"
mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| calls | windows x calls | RssAnon MiB after each window | growth, bytes/call | bound, bytes/call | verdict |"
echo "|---|---|---|---|---|---|"
status=0
for mode in real leaky; do
  MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 MALLOC_TRIM_THRESHOLD_=131072 OMP_WAIT_POLICY=PASSIVE java -Xms512m -Xmx512m -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
    -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -cp "$cp" \
    org.skingpt.vision.internal.VisionMemorySoak "$mode" "$windows" "$calls" 2>/dev/null | grep '^|' || status=1
done
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
