"""Export test helpers: artifacts whose manifest was edited consistently."""

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pushup_mobile.export.formats import format_for_path
from pushup_mobile.export.manifest import describe_file, manifest_path, write_manifest


@pytest.fixture
def repack(tmp_path_factory) -> Callable[[Path, Callable[[dict], object]], Path]:
    """``repack(artifact, edit)``: a copy of ``artifact`` whose manifest ``edit`` changed
    both beside the file and inside it, as an exporter with that bug would have written
    the pair: sha256 and embedded copy agree, so what follows is checked on its own."""

    def make(artifact: Path, edit: Callable[[dict], object]) -> Path:
        copy = tmp_path_factory.mktemp("repacked") / artifact.name
        shutil.copyfile(artifact, copy)
        manifest = json.loads(manifest_path(artifact).read_text())
        edit(manifest)
        embed = format_for_path(copy).embed
        if embed is not None:
            embed(copy, {key: value for key, value in manifest.items() if key != "artifact"})
        manifest["artifact"] = describe_file(copy, copy.name)
        write_manifest(copy, manifest)
        return copy

    return make
