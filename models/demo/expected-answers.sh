#!/usr/bin/env bash
# Writes models/samples/expected-answers.tsv: what a consultation in the distribution answers on each sample
# image in English and Chinese with the shipped weights (models/demo) and the default consultation settings
# (greedy), and the model's answers 1 and 2 on two samples into models/samples/README.md. ConsultationIT and
# ConsoleBrowserIT demand exactly these answers. Rerun after changing the weights,
# the prompts in the locale files, or the consultation defaults. About a minute on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
models/demo/classpath.sh
cp="$(cat models/demo-training/target/demo-training.classpath)"
# With the Vector API module the language model decodes in Java, as the distribution's does by default.
exec java -Xmx2g --add-modules jdk.incubator.vector -cp "$cp" org.skingpt.training.SampleAnswers --model models/demo \
    --samples models/samples --out models/samples/expected-answers.tsv --readme models/samples/README.md "$@"
