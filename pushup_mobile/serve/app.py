"""The FastAPI app: ``POST /analyze``, ``GET /health``, ``GET /model``.

The model is opened once when the app is built; each upload is spooled to a temporary
file (OpenCV decodes files, not streams), analysed, and deleted. Bad uploads get a 4xx
with the same one-line message the CLI prints, and the server stays up.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI, File, HTTPException, UploadFile

from pushup_mobile.analyze import analyze_video
from pushup_mobile.errors import BadInputError
from pushup_mobile.runtime import OpenedModel

DEFAULT_MAX_UPLOAD_MB = 200
CHUNK = 1 << 20


def _model_description(model: OpenedModel) -> dict[str, Any]:
    return {
        **model.describe(),
        "preprocessing": model.frame_input.to_manifest(),
        "feedback": model.rules.to_manifest(),
        "state_shape": list(model.state_shape),
    }


def create_app(model: OpenedModel, max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB) -> FastAPI:
    app = FastAPI(title="pushup-mobile", description="Push-up counting and form advice for uploaded videos.")
    limit = int(max_upload_mb * 1e6)
    lock = threading.Lock()  # one runner, one LSTM state: analyses run one at a time

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/model")
    def model_info() -> dict[str, Any]:
        return _model_description(model)

    @app.post("/analyze")
    def analyze(file: UploadFile = File(...)) -> dict[str, Any]:
        suffix = Path(file.filename or "upload.mp4").suffix or ".mp4"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"upload{suffix}"
            size = 0
            with path.open("wb") as out:
                while block := file.file.read(CHUNK):
                    size += len(block)
                    if size > limit:
                        raise HTTPException(413, f"upload too large: over {max_upload_mb:g} MB")
                    out.write(block)
            if size == 0:
                raise HTTPException(400, "upload is empty")
            try:
                with lock:
                    report = analyze_video(path, model).report
            except BadInputError as exc:
                raise HTTPException(415, str(exc).replace(str(path), file.filename or "upload")) from exc
        report["video"] = file.filename or "upload"
        return report

    return app
