#!/usr/bin/env bash
# Reproduces the shipped demo model from nothing, seeded: writes encoder/, decoder/ and TRAINING.md here
# (DemoTrainer, then the encoder's finding heads: FindingHeadTrainer).
# Usage: models/demo/train.sh [full|smoke] [extra DemoTrainer options]
# About 45-60 minutes on a 2-core machine for "full" (progress with ETA on standard output).
set -euo pipefail
cd "$(dirname "$0")/../.."
plan="${1:-full}"
shift || true
models/demo/classpath.sh
cp="$(cat models/demo-training/target/demo-training.classpath)"
java -Xmx8g -cp "$cp" org.skingpt.training.DemoTrainer --out models/demo --plan "$plan" "$@"
# Last, the encoder's finding heads on the (frozen) ViT, skin type and condition: about 2 minutes (issue 23).
heads=()
if [ "$plan" = smoke ]; then heads=(--train 330 --images 66); fi
exec java -Xmx8g -cp "$cp" org.skingpt.training.FindingHeadTrainer --model models/demo "${heads[@]}"
