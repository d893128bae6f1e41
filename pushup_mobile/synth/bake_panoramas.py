"""Bake real-photo backgrounds: Blender's world HDRIs (CC0, from Poly Haven) as shipped in
Debian's ``blender-data`` package, tone-mapped to small 8-bit equirectangular JPEGs.

``python -m pushup_mobile.synth.bake_panoramas`` (the ``bake`` extra) fetches the package with ``apt-get
download`` (the Debian registry is reachable; nothing else is), unpacks it with ``dpkg -x``
into a temporary folder and writes ``assets/panoramas/*.jpg``. Run time then only reads
the JPEGs: the renderer looks up each background pixel's view ray in them, so every
camera sees its own perspective of a real place.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

import cv2
import numpy as np

from pushup_mobile.files import atomic_path

FOLDER = Path(__file__).resolve().parent / "assets" / "panoramas"
WORLD = "usr/share/blender/datafiles/studiolights/world"
WIDTH = 1024


def tone_map(hdr: np.ndarray) -> np.ndarray:
    """Linear radiance -> display sRGB: exposure to a mid-grey mean, Reinhard, gamma."""
    hdr = np.nan_to_num(np.maximum(hdr, 0.0), posinf=0.0)
    exposed = hdr * (0.18 / max(float(np.exp(np.log(hdr.mean(axis=2) + 1e-4).mean())), 1e-6))
    mapped = exposed / (1.0 + exposed)
    return np.clip(255.0 * mapped ** (1 / 2.2), 0, 255).astype(np.uint8)


def read_exr(path: Path) -> np.ndarray:
    """RGB float32; the files use DWAB compression, which OpenCV's EXR reader lacks."""
    import OpenEXR

    with OpenEXR.File(str(path)) as exr:
        return np.asarray(exr.channels()["RGB"].pixels, dtype=np.float32)


def bake(folder: Path = FOLDER) -> list[Path]:
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["apt-get", "download", "blender-data"], cwd=tmp, check=True, capture_output=True)
        deb = next(Path(tmp).glob("blender-data_*.deb"))
        subprocess.run(["dpkg", "-x", str(deb), str(Path(tmp) / "x")], check=True)
        for exr in sorted((Path(tmp) / "x" / WORLD).glob("*.exr")):
            hdr = read_exr(exr)
            rgb = tone_map(cv2.resize(hdr, (WIDTH, WIDTH // 2), interpolation=cv2.INTER_AREA))
            target = folder / f"{exr.stem}.jpg"
            with atomic_path(target) as out:
                cv2.imwrite(str(out), rgb[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, 88])
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> None:
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    for path in bake():
        print(f"wrote {path} ({path.stat().st_size / 1e3:.0f} kB)")


if __name__ == "__main__":
    main()
