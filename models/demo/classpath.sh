#!/usr/bin/env bash
# Builds the training module and writes its run-time class path to models/demo-training/target/demo-training.classpath.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B -pl models/demo-training -am install -DskipTests
mvn -q -B -pl models/demo-training dependency:build-classpath -Dmdep.outputFile="$PWD/models/demo-training/target/deps.classpath"
echo "$PWD/models/demo-training/target/classes:$(cat models/demo-training/target/deps.classpath)" \
    > models/demo-training/target/demo-training.classpath
