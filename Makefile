# A fresh clone needs only Python 3.11 and make: every target creates .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# onnx2tf hard-pins stale versions of its dependencies: install it alone, after the rest
# (../shared/STACK.md). Its version is pinned here, beside the pyproject pins.
ONNX2TF := onnx2tf==1.29.24

.PHONY: venv run bench test clean

$(STAMP): pyproject.toml Makefile
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing pushup-mobile into $(VENV) (first time: a few minutes)"
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	$(BIN)/pip install -q --disable-pip-version-check --no-deps $(ONNX2TF)
	@touch $(STAMP)

venv: $(STAMP)

TFLITE_PRECISIONS := fp32 int8-dynamic int8

## make run: export the default model to TFLite (every precision) and verify it against PyTorch.
run: venv
	@for p in $(TFLITE_PRECISIONS); do $(BIN)/pushup-export tflite --precision $$p --out export || exit 1; done
	$(BIN)/pushup-export verify $(foreach p,$(TFLITE_PRECISIONS),export/pushup.$(p).tflite)

## make bench: every artifact, host benchmark and input-size/width scaling (several minutes).
bench: venv
	$(BIN)/pushup-export all --out export
	$(BIN)/pushup-export bench --all --dir export --threads 1,2 --runs 200 --save
	$(BIN)/python -m pushup_mobile.bench.scaling
	$(BIN)/python -m pushup_mobile.bench.end_to_end --model export/pushup.fp32.tflite
	$(BIN)/python -m pushup_mobile.bench.end_to_end --model export/pushup.int8.tflite

## make test: the whole test suite.
test: venv
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) export/*.tflite export/*.json
