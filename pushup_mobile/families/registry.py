"""The family table: every tool looks a model family up here (docs/ARCHITECTURE.md,
"Model families"), as the export side looks formats up in
:data:`pushup_mobile.export.formats.FORMATS`.

Adding a family: a module beside :mod:`~pushup_mobile.families.pixel` that builds its
:class:`~pushup_mobile.families.family.Family` row, and one entry in :data:`FAMILIES`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pushup_mobile.errors import BadInputError
from pushup_mobile.families.cnn3d import CNN3D
from pushup_mobile.families.family import Family
from pushup_mobile.families.pixel import PIXEL
from pushup_mobile.families.pose import POSE
from pushup_mobile.families.transformer import TRANSFORMER
from pushup_mobile.families.two_stream import TWO_STREAM

FAMILIES: dict[str, Family] = {row.name: row for row in (PIXEL, POSE, TRANSFORMER, CNN3D, TWO_STREAM)}
"""Name -> family; the names are what ``--checkpoint NAME`` / ``--model NAME`` take."""
DEFAULT_FAMILY = POSE.name
DEFAULT_REASON = ("best on the rendered view x variant grid (held-clip rep OBO 0.85 against 0.56 for the person-crop "
                  "pixel model) and on real phone clips (rep OBO 1.00 against 0.67 for the person-crop pixel model "
                  "shipped now, no rep on 5 of 5 hard negatives against 3 of 5); README, \"The pose family, and "
                  "which family to ship\" and \"Training\"")
"""Why the default is the default: what ``info`` prints (README, "The pose family, and which
family to ship", has the commands behind the figures)."""


def family(name: str) -> Family:
    """The family called ``name``; an unknown name is one clear error."""
    if name not in FAMILIES:
        raise BadInputError(f"unknown model family {name!r} (known: {', '.join(FAMILIES)})")
    return FAMILIES[name]


def family_of(cfg: Any) -> Family:
    """The family a model config (or a network's ``cfg``) belongs to."""
    return family(cfg.family)


def is_family_name(checkpoint: Path | str | None) -> bool:
    """A family's name naming its shipped model (a file of that name in the working folder wins)."""
    return checkpoint is not None and str(checkpoint) in FAMILIES and not Path(checkpoint).exists()
