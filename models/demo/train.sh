#!/usr/bin/env bash
# Reproduces the shipped demo model from nothing, seeded: writes encoder/, decoder/ and TRAINING.md here
# (DemoTrainer, the encoder's finding heads and finding network included).
# Usage: models/demo/train.sh [full|smoke] [extra DemoTrainer options]
# About 45-60 minutes on a 2-core machine for "full" (progress with ETA on standard output).
set -euo pipefail
cd "$(dirname "$0")/../.."
plan="${1:-full}"
shift || true
models/demo/classpath.sh
cp="$(cat models/demo-training/target/demo-training.classpath)"
# DemoTrainer ends with the encoder's finding heads and finding network (issue 23), on the images it already holds.
exec java -Xmx8g -cp "$cp" org.skingpt.training.DemoTrainer --out models/demo --plan "$plan" "$@"
