#!/usr/bin/env bash
# Reproduces the shipped demo model from nothing, seeded: writes encoder/, decoder/ and TRAINING.md here.
# Usage: models/demo/train.sh [full|smoke] [extra DemoTrainer options]
# About 45-60 minutes on a 2-core machine for "full" (progress with ETA on standard output).
set -euo pipefail
cd "$(dirname "$0")/../.."
plan="${1:-full}"
shift || true
models/demo/classpath.sh
exec java -Xmx8g -cp "$(cat models/demo-training/target/demo-training.classpath)" \
    org.skingpt.training.DemoTrainer --out models/demo --plan "$plan" "$@"
