#!/usr/bin/env bash
# Linear probes on the shipped image encoder (issue 23): how well the visual tokens the decoder receives carry each
# attribute answer 2 is graded on (lesion count, size class, border, Fitzpatrick type, colours, condition), beside
# the same probe on the picture itself (16 x 16 RGB). Writes models/demo/work/probe.md. About 10 minutes on 2 cores.
# Usage: models/demo/probe.sh [training images (default 3300)] [held-out images (default 1320)] [model dir]
set -euo pipefail
cd "$(dirname "$0")/../.."
train="${1:-3300}"; images="${2:-1320}"; model="${3:-models/demo}"
models/demo/classpath.sh
mkdir -p models/demo/work
exec java -Xmx8g -cp "$(cat models/demo-training/target/demo-training.classpath)" org.skingpt.training.ConceptProbe \
    --model "$model" --out models/demo/work/probe.md --train "$train" --images "$images"
