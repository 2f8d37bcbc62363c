#!/usr/bin/env bash
# Two decode threads against one, with the thread count the only difference (issue 20's "two threads no
# slower than one"): SharedWeightsThreadsBenchmark packs the weights once and steps them with a one-thread and a
# two-thread decoder, alternating, in one JVM. Three controls run beside it, each in its own JVM: a second copy of the
# weights with two threads (what ThreadsPairBenchmark and LlamaBenchmark compare) and a second copy with one thread
# (identical code on both sides: what the placement of a second copy alone does to the ratio), and the same weights
# with one thread on both sides (the benchmark's own noise). "No slower" is judged by the 95% bootstrap interval of
# the median per-round ratio: slower only if the whole interval lies below 1.
#
#   bundles/language/benchmark/threads.sh [demo|base] [runs] [rounds]
#
# Needs the model files run.sh writes (bundles/language/target/bench). Wait for an idle machine first.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
shape="${1:-demo}"; runs="${2:-3}"; rounds="${3:-41}"
cd "$module"
mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
echo "Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$runs"); do
  for second in shared same-1 copy-2 copy-1; do
    OMP_WAIT_POLICY=PASSIVE java -Xmx3g --add-modules=jdk.incubator.vector -cp "$cp" \
      org.skingpt.language.internal.SharedWeightsThreadsBenchmark "$shape" target/bench 128 128 "$rounds" "$second" \
      2>/dev/null | grep '^RESULT' | sed "s/^/run=$run /"
  done
done
