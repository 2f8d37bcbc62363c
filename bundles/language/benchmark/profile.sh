#!/usr/bin/env bash
# Where one decoded token's time goes (DecodeProfile), for both decoders, both shapes, 1 and 2 threads.
# Needs the model files that run.sh writes (run it once first).
#   bundles/language/benchmark/profile.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$(dirname "$here")"
mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| model | threads | decoder | decode step (ms) | matrix products alone (ms) | rest of the step (ms) | sampling + detokenizing (ms) | implied tokens/s |"
echo "|---|---|---|---|---|---|---|---|"
for shape in demo base; do
  for threads in 1 2; do
    OMP_WAIT_POLICY=PASSIVE java -Xmx3g --add-modules=jdk.incubator.vector -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
      -cp "$cp" org.skingpt.language.internal.DecodeProfile "$shape" "$threads" target/bench 2>/dev/null | grep '^|'
  done
done
echo
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
