#!/usr/bin/env bash
# Writes models/demo/EVALUATION.md: the shipped model on held-out synthetic images (English and Chinese),
# and the paper's ablation (steps 1+2 vs step 2 only vs step 1 only on one budget), trained here first from
# the step-0 checkpoint that train.sh leaves in models/demo/work/ (run train.sh first).
# With the model as it was before issue 23 (demo 1.0.0 of commit $BASELINE_COMMIT, taken from git into
# models/demo/work/baseline) evaluated on the same images, side by side, when the shipped files differ from it (since
# stop 35 only by the encoder's finding heads: the other weights are the same).
# Usage: models/demo/evaluate.sh [held-out images, multiple of 66 (default 1320)] [ablation images (default 132;
#        0: no ablation, which needs the step-0 checkpoint of train.sh)]
set -euo pipefail
cd "$(dirname "$0")/../.."
images="${1:-1320}"
ablation_images="${2:-132}"
models/demo/classpath.sh
cp="$(cat models/demo-training/target/demo-training.classpath)"
ablation=()
if [ "$ablation_images" != 0 ]; then
if [ ! -f models/demo/work/step0.safetensors ]; then
    echo "models/demo/work/step0.safetensors is missing: run models/demo/train.sh first (or pass 0 ablation images)." >&2
    exit 1
fi
if [ ! -f models/demo/work/ablation/step1-only/decoder/model.json ]; then
    java -Xmx8g -cp "$cp" org.skingpt.training.DemoTrainer --out models/demo/work/ablation --plan ablation \
        --variant ablation --step0 models/demo/work/step0.safetensors --finding-tokens 0
    for v in both step2-only step1-only; do
        echo "## Variant $v"; echo; sed 1d "models/demo/work/ablation/$v/TRAINING.md"; echo
    done > models/demo/ABLATION.md
fi
a=models/demo/work/ablation
ablation=(--ablation-images "$ablation_images" --ablation "steps 1+2=$a/both,step 2 only=$a/step2-only,step 1 only=$a/step1-only")
fi
BASELINE_COMMIT=d5927ea
base=models/demo/work/baseline
if [ ! -f "$base/decoder/model.json" ]; then
    for f in encoder/model.json encoder/vision.safetensors decoder/model.json decoder/llm.safetensors decoder/tokenizer.json; do
        mkdir -p "$base/$(dirname "$f")"
        git show "$BASELINE_COMMIT:models/demo/$f" > "$base/$f"
    done
fi
baseline=()
if ! cmp -s "$base/decoder/llm.safetensors" models/demo/decoder/llm.safetensors \
        || ! cmp -s "$base/encoder/vision.safetensors" models/demo/encoder/vision.safetensors; then
    baseline=(--baseline "$base" --baseline-name "before issue 23 ($BASELINE_COMMIT: the same weights without the finding heads)")
fi
# The Vector API module lets the evaluation decode with the product's Java decoder (about 4x libtorch here).
exec java -Xmx4g --add-modules jdk.incubator.vector -cp "$cp" org.skingpt.training.DemoEvaluation --model models/demo \
    --out models/demo/EVALUATION.md --images "$images" "${baseline[@]}" "${ablation[@]}"
