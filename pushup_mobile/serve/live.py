"""The web page's live mode: what the browser downloads to run the served model itself.

In the page, a camera frame goes through BlazePose (its two TFLite models), the pose
features, the step model and the rep counter, all on the person's device
(``web/core/``, a port of the Android core). The browser runs TFLite with the WebAssembly
interpreter of npm's ``@tensorflow/tfjs-tflite``; ``make venv`` installs it into
:data:`WEB_RUNTIME_DIR` and ``serve`` serves it: nothing is fetched from a CDN.

A served fp32 TFLite artifact goes to the browser as it is (the page feeds float tensors
by their signature names: other precisions are refused). Any other model (a checkpoint, a
family name, the default) is exported to fp32 TFLite once, in a child process, the first
time a page asks (~10-20 s, then kept for the server's life); until then the page is told
to wait. The files a page may fetch are exactly those of the artifact's manifest.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from pushup_mobile.errors import PushupError

WEB_RUNTIME_DIR = Path(sys.prefix) / "share" / "pushup-web"
"""npm's tfjs-core, tfjs-backend-cpu and tfjs-tflite (Apache-2.0), as ``make venv`` lays them out."""
EXPORT_TIME_LIMIT_S = 300.0
BROWSER_FRONT_ENDS = ("blazepose",)
"""Frame stages the page implements (``web/core``): a manifest whose ``preprocessing.front_end``
is not one of these (the pixel family's letterbox) is refused with a sentence, not run wrong."""


class LiveModel:
    """The served model as the browser runs it: ``status()`` says whether it is ready (and
    starts the one export it may need), ``file(name)`` gives the files it lists."""

    def __init__(self, model: str | None, folder: Path) -> None:
        self.model, self.folder = model, folder
        self._lock = threading.Lock()
        self._state: dict[str, Any] = {"status": "not started"}
        self._files: dict[str, Path] = {}
        self._child: subprocess.Popen[str] | None = None
        self._closed = False

    def status(self) -> dict[str, Any]:
        """``{"status": "ready", "manifest": ..., "files": {...}}``, ``{"status": "preparing"}``
        or ``{"status": "failed", "detail": ...}``. The first call opens the served model to
        check the page can run it: call it off the event loop."""
        with self._lock:
            if self._state["status"] == "not started":
                self._state = {"status": "preparing"}
                try:
                    if self.model is not None and self.model.endswith(".tflite"):
                        self._publish(Path(self.model))
                    elif (refusal := self._refusal_before_export()) is not None:
                        self._state = {"status": "failed", "detail": refusal}
                    else:
                        threading.Thread(target=self._export, name="live-export", daemon=True).start()
                except Exception as exc:  # never leave a page polling "preparing" for ever
                    self._state = {"status": "failed", "detail": f"the model could not be prepared for the browser: {exc}"}
            return dict(self._state)

    def file(self, name: str) -> Path | None:
        return self._files.get(name)

    def close(self) -> None:
        """Stop an export still running (the server is shutting down)."""
        with self._lock:
            self._closed = True
            child = self._child
        if child is not None and child.poll() is None:
            child.kill()
            child.wait()

    def _refusal_before_export(self) -> str | None:
        """Why the page cannot run the served checkpoint, found before exporting it."""
        from pushup_mobile.families import family_of, load_model

        try:
            loaded = load_model(self.model)
            row = family_of(loaded.cfg)
            _check_browser_can_run(row.preprocessing(loaded.cfg), row.name)
        except PushupError as exc:
            return str(exc)
        return None

    def _export(self) -> None:
        out = self.folder / "export"
        command = [sys.executable, "-m", "pushup_mobile.cli.export", "tflite", "--precision", "fp32", "--out", str(out)]
        if self.model is not None:
            command += ["--checkpoint", self.model]
        try:
            with self._lock:
                if self._closed:
                    return
                self._child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            try:
                _, errors = self._child.communicate(timeout=EXPORT_TIME_LIMIT_S)
            except subprocess.TimeoutExpired:
                self._child.kill()
                self._child.communicate()
                raise
            artifacts = sorted(out.glob("*.tflite"))
            if self._child.returncode != 0 or not artifacts:
                lines = [line for line in errors.splitlines() if line.startswith("error:")] or errors.splitlines()[-1:]
                raise PushupError(lines[0].removeprefix("error: ") if lines else f"exit code {self._child.returncode}")
            with self._lock:
                self._publish(artifacts[0])
        except subprocess.TimeoutExpired:
            self._fail(f"exporting the model for the browser took over {EXPORT_TIME_LIMIT_S:g} s")
        except Exception as exc:  # a project error, the child's failure, or a bug: the page says so either way
            self._fail(f"the model could not be exported for the browser: {exc}")

    def _fail(self, detail: str) -> None:
        with self._lock:
            self._state = {"status": "failed", "detail": detail}

    def _publish(self, artifact: Path) -> None:
        """The artifact, its manifest and its front-end's files become fetchable (called
        with the lock held)."""
        from pushup_mobile.export.formats import read_manifest
        from pushup_mobile.families import family

        try:
            manifest = read_manifest(artifact)
            if manifest["precision"] != "fp32":
                raise PushupError(f"{artifact.name} is {manifest['precision']}: the page runs fp32 TFLite "
                                  "(serve the fp32 artifact, or a checkpoint)")
            _check_browser_can_run(manifest["preprocessing"], manifest["model"]["family"])
            front_files = family(manifest["model"]["family"]).front_end_files(manifest["preprocessing"])
        except PushupError as exc:
            self._state = {"status": "failed", "detail": str(exc)}
            return
        self._files = {artifact.name: artifact, **{path.name: path for path in front_files}}
        self._state = {"status": "ready", "manifest": manifest,
                       "files": {"model": f"/live/files/{artifact.name}",
                                 "front_end": [f"/live/files/{path.name}" for path in front_files]}}


def _check_browser_can_run(preprocessing: dict[str, Any], family_name: str) -> None:
    if preprocessing.get("front_end") not in BROWSER_FRONT_ENDS:
        raise PushupError(f"the page runs keypoint models (BlazePose in the browser); this server's model "
                          f"({family_name} family) needs the app or an upload")
    if not (WEB_RUNTIME_DIR / "tfjs-tflite" / "wasm").is_dir():
        raise PushupError(f"the browser's TFLite runtime is not installed in {WEB_RUNTIME_DIR}: run `make venv`")
