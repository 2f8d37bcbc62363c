#!/bin/sh
# SkinGPT GPU check, run on the GPU server (no network needed):
#
#   ./run.sh /opt/libtorch            the CUDA libtorch to check (PyTorch's 'libtorch' folder or its lib folder)
#   ./run.sh /opt/libtorch --cpu-dry-run   checks the kit itself with the CPU in place of the GPU
#
# Needs a JDK (or JRE) 17+ and the NVIDIA driver. Runs the runtime's libtorch check on the directory
# (files, version, flavor: what the distribution does at start with libtorchDirectory), loads the
# engine from it, runs the tiny parity Llama on gpu(0) and on the CPU and compares the logits with
# each other and with Hugging Face transformers' (relative tolerance 1e-3). Prints PASS/FAIL per
# check and RESULT: PASS or FAIL; exit status 0 on PASS, 1 on FAIL, 2 on wrong use.
# This file is carried by the kit that prepare.sh builds; in the source tree, run prepare.sh first.
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$here/classes" ] || [ ! -d "$here/lib" ]; then
    echo "FAIL: this is the source folder. Build the kit first: $here/prepare.sh, then copy the archive it writes to the GPU server." >&2
    exit 2
fi
if [ $# -lt 1 ] || [ -z "$1" ]; then
    echo "FAIL: the check needs a CUDA libtorch directory: $0 /path/to/libtorch" >&2
    echo "      (the libtorch archive of the version the runtime expects, unpacked; see docs/operations.md, GPU servers)" >&2
    exit 2
fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
if ! "$JAVA" -version >/dev/null 2>&1; then
    echo "FAIL: no java found; install a JDK 17 or set JAVA_HOME" >&2
    exit 2
fi
if command -v nvidia-smi >/dev/null 2>&1; then
    nvidia-smi -L || echo "note: nvidia-smi found no GPU"
else
    echo "note: nvidia-smi not found (is the NVIDIA driver installed?)"
fi
exec "$JAVA" -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$here/classes:$here/lib/*" org.skingpt.language.internal.GpuCheck "$1" "$here" ${2:-}
