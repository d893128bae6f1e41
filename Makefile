# A fresh clone needs only Python 3.11 and make: every target creates .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# onnx2tf hard-pins stale versions of its dependencies: install it alone, after the rest
# (docs/ARCHITECTURE.md, Toolchain). Its version is pinned here, beside the pyproject pins.
ONNX2TF := onnx2tf==1.29.24
# mediapipe pins numpy<2 and protobuf<5: install it alone; pushup_mobile/pose uses only its BlazePose model files.
MEDIAPIPE := mediapipe==0.10.21
# BlazePose lite's landmark model is not in the wheel; npm's @mediapipe/pose (Apache-2.0) has it.
MEDIAPIPE_NPM := @mediapipe/pose@0.5.1675469404
LITE_DIR := $(VENV)/share/mediapipe-pose
# The web page's live mode runs the TFLite models in the browser with these npm packages
# (Apache-2.0), served by `pushup-mobile serve` from WEB_RUNTIME_DIR: nothing comes from a CDN.
WEB_RUNTIME := tfjs-core@4.9.0:dist/tf-core.min.js tfjs-backend-cpu@4.9.0:dist/tf-backend-cpu.min.js \
  tfjs-tflite@0.0.1-alpha.10:dist/tf-tflite.min.js:wasm
WEB_RUNTIME_DIR := $(VENV)/share/pushup-web

.PHONY: venv run bench test android-deps android-test render-deps browser-deps clean

$(STAMP): pyproject.toml Makefile
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing pushup-mobile into $(VENV) (first time: a few minutes)"
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	$(BIN)/pip install -q --disable-pip-version-check --no-deps $(ONNX2TF)
	$(BIN)/pip install -q --disable-pip-version-check --no-deps $(MEDIAPIPE)
	@command -v npm >/dev/null || { echo "error: npm is needed once to fetch BlazePose lite ($(MEDIAPIPE_NPM)): install Node.js"; exit 2; }
	@mkdir -p $(LITE_DIR) && cd $(LITE_DIR) && npm pack -q --silent $(MEDIAPIPE_NPM) >/dev/null \
	  && tar xzf mediapipe-pose-*.tgz --strip-components=1 package/pose_landmark_lite.tflite package/package.json \
	  && rm -f mediapipe-pose-*.tgz
	@for entry in $(WEB_RUNTIME); do \
	  package=$${entry%%:*}; name=$${package%@*}; files=$$(echo $${entry#*:} | tr ':' ' '); \
	  mkdir -p $(WEB_RUNTIME_DIR)/$$name && cd $(WEB_RUNTIME_DIR)/$$name \
	  && npm pack -q --silent @tensorflow/$$package >/dev/null \
	  && tar xzf tensorflow-$$name-*.tgz --strip-components=1 package/package.json $$(for f in $$files; do echo package/$$f; done) \
	  && rm -f tensorflow-$$name-*.tgz && cd - >/dev/null || exit 2; done
	@touch $(STAMP)

venv: $(STAMP)

# The precisions make run publishes. The shipped pose model also passes dynamic int8's gates;
# static int8 fails its decision gate (96.2 % of frames agree < 98 %), and the pixel model
# fails both int8 gates (README, Export formats). `pushup-export tflite --precision ...`
# tries any, and refuses to publish one that fails.
TFLITE_PRECISIONS := fp32 fp16
RUN_OUT := export/default

## make run: export the shipped default model (the pose family; `pushup-mobile info` says
## why) to TFLite (fp32, fp16) in export/default/ and verify it against PyTorch.
run: venv render-deps
	@rm -rf $(RUN_OUT)
	@for p in $(TFLITE_PRECISIONS); do $(BIN)/pushup-export tflite --precision $$p --out $(RUN_OUT) || exit 1; done
	$(BIN)/pushup-export verify --all --dir $(RUN_OUT)

## make bench: every artifact of the pixel model (MobileNetV3-LSTM), host benchmark and
## input-size/width scaling (several minutes).
bench: venv render-deps
	$(BIN)/pushup-export all --checkpoint pixel --out export
	$(BIN)/pushup-export bench --all --dir export --threads 1,2 --runs 200 --save
	$(BIN)/python -m pushup_mobile.bench.scaling
	$(BIN)/python -m pushup_mobile.bench.end_to_end --model export/pushup.fp32.tflite
	$(BIN)/python -m pushup_mobile.bench.end_to_end --model export/pushup.int8.tflite

## make android-test: the Android core's JUnit tests (on the Python golden vectors) and a
## package check of the app's manifest, resources and assets, without the Android SDK.
ANDROID := android_demo
ANDROID_BUILD := build/android
JUNIT_CP := /usr/share/java/junit4.jar:/usr/share/java/hamcrest-core.jar
FRAMEWORK_RES := /usr/share/android-framework-res/framework-res.apk
# the package name aapt needs is the Gradle namespace, read from the app's build file
ANDROID_NAMESPACE := $(shell sed -n 's/^ *namespace = "\(.*\)"/\1/p' $(ANDROID)/app/build.gradle.kts)
CORE_TESTS := $(basename $(notdir $(wildcard $(ANDROID)/core/src/test/java/com/pushupmobile/core/*Test.java)))

android-deps:
	@command -v javac >/dev/null && test -f /usr/share/java/junit4.jar && command -v aapt >/dev/null \
	  && test -f $(FRAMEWORK_RES) || { \
	  echo "installing Debian packages for android-test: default-jdk-headless junit4 aapt android-framework-res"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    default-jdk-headless junit4 aapt android-framework-res >/dev/null \
	  || { echo "error: install them yourself: apt-get install default-jdk-headless junit4 aapt android-framework-res"; exit 2; }; }

android-test: android-deps
	@rm -rf $(ANDROID_BUILD) && mkdir -p $(ANDROID_BUILD)/core $(ANDROID_BUILD)/tests
	javac --release 8 -Xlint:-options -d $(ANDROID_BUILD)/core $$(find $(ANDROID)/core/src/main/java -name '*.java')
	javac --release 8 -Xlint:-options -cp $(ANDROID_BUILD)/core:$(JUNIT_CP) -d $(ANDROID_BUILD)/tests \
	  $$(find $(ANDROID)/core/src/test/java -name '*.java')
	java -Dgolden.dir=tests/golden -Dassets.dir=$(ANDROID)/app/src/main/assets \
	  -cp $(ANDROID_BUILD)/core:$(ANDROID_BUILD)/tests:$(JUNIT_CP) org.junit.runner.JUnitCore \
	  $(addprefix com.pushupmobile.core.,$(CORE_TESTS))
	sed 's|<manifest |<manifest package="$(ANDROID_NAMESPACE)" |' $(ANDROID)/app/src/main/AndroidManifest.xml \
	  > $(ANDROID_BUILD)/AndroidManifest.xml
	aapt package -f -M $(ANDROID_BUILD)/AndroidManifest.xml -S $(ANDROID)/app/src/main/res \
	  -A $(ANDROID)/app/src/main/assets -I $(FRAMEWORK_RES) -F $(ANDROID_BUILD)/app-resources.apk
	@echo "android-test: core tests passed, app resources and assets packaged"

## The synthetic renderer needs EGL and Mesa's software rasteriser (Debian packages).
render-deps:
	@test -e /usr/lib/x86_64-linux-gnu/libEGL_mesa.so.0 -o -e /usr/lib/aarch64-linux-gnu/libEGL_mesa.so.0 || { \
	  echo "installing Debian packages for offscreen rendering: libegl1 libegl-mesa0 libgl1-mesa-dri libgbm1"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libegl1 libegl-mesa0 libgl1-mesa-dri libgbm1 >/dev/null \
	  || { echo "error: install them yourself: apt-get install libegl1 libegl-mesa0 libgl1-mesa-dri libgbm1"; exit 2; }; }

## The web page's browser tests drive Debian's Chromium through its WebDriver.
browser-deps:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  echo "installing Debian packages for the web page's browser tests: chromium chromium-driver"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null \
	  || { echo "error: install them yourself: apt-get install chromium chromium-driver"; exit 2; }; }

## make test: the whole test suite (the Android core first, then pytest).
test: venv render-deps browser-deps android-test
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) export/*.tflite export/*.json
