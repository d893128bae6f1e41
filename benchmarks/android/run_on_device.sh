#!/usr/bin/env bash
# Run the TFLite step models on a connected Android phone with TFLite's benchmark_model.
# Usage: benchmarks/android/run_on_device.sh --benchmark-model PATH [--threads 1,2] [--runs 200] \
#          [--json benchmarks/results/<phone>/bench.json] export/pushup.*.tflite
# Without adb or a device it says what it needs and exits 2.
set -euo pipefail
cd "${BASH_SOURCE[0]%/*}/../.."
exec .venv/bin/python -m pushup_mobile.bench.android "$@"
