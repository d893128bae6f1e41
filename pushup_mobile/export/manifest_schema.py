"""What a manifest must hold for an app to run its artifact: the sections apps read, as a
pydantic schema checked every time a manifest is read.

Only those sections are described, with JSON's own types (no ``"1"`` for ``1``); any
other key passes, so a manifest from a newer pushup-export still loads where it can. A
hand-edited or truncated manifest is one :class:`ManifestMismatchError` naming the file
and the field, not a ``KeyError`` or a runtime's shape error later.
"""

from __future__ import annotations

import reprlib
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, create_model, model_validator
from pydantic_core import ErrorDetails, PydanticCustomError

from pushup_mobile.contract import FRAME_INPUT, HEADS
from pushup_mobile.errors import BadInputError, ManifestMismatchError
from pushup_mobile.families.registry import FAMILIES
from pushup_mobile.feedback.rules import FeedbackRules

SCHEMA_VERSION = 1
REMEDY = "re-export the artifact with this version of pushup-export"
_OURS = "manifest"
"""The error type of this module's own checks, whose messages need no input quoted."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)


Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class TensorSpec(_Section):
    shape: Annotated[list[Annotated[int, Field(gt=0)]], Field(min_length=1)]
    dtype: Annotated[str, Field(min_length=1)]


class _Tensors(_Section):
    """Named tensors: the contract's fixed names are fields, the state's names extras."""

    __pydantic_extra__: dict[str, TensorSpec] = Field(init=False)  # type: ignore[assignment]


Inputs = create_model("Inputs", __base__=_Tensors, **{FRAME_INPUT: (TensorSpec, ...)})
Outputs = create_model("Outputs", __base__=_Tensors, **{name: (TensorSpec, ...) for name in HEADS})
LSTM_STATE = ["h", "c"]
"""The state of manifests written before the state was named in them: an LSTM's."""


class ModelSection(_Section):
    name: str
    family: Literal[tuple(FAMILIES)]  # type: ignore[valid-type]  # the family table's names
    trained: bool
    source_sha256: Sha256
    config: dict[str, Any]


class Labels(_Section):
    faults: Annotated[list[str], Field(min_length=1)]


class ArtifactSection(_Section):
    file: Annotated[str, Field(min_length=1)]
    bytes: Annotated[int, Field(ge=0)]
    sha256: Sha256


def _readable_rules(section: dict[str, Any]) -> dict[str, Any]:
    """The app's counter and advice thresholds must load as the Python runtime loads them."""
    try:
        FeedbackRules.from_manifest(section)
    except BadInputError as exc:
        raise PydanticCustomError(_OURS, "{reason}", {"reason": str(exc)}) from None
    return section


class Manifest(_Section):
    version: Literal[SCHEMA_VERSION] = Field(alias="schema")
    model: ModelSection
    format: str
    precision: str
    layout: Literal["NCHW", "NHWC"]
    inputs: Inputs  # type: ignore[valid-type]
    outputs: Outputs  # type: ignore[valid-type]
    state: Annotated[list[Annotated[str, Field(min_length=1)]], Field(min_length=1)] = LSTM_STATE
    preprocessing: dict[str, Any]
    feedback: Annotated[dict[str, Any], AfterValidator(_readable_rules)]
    labels: Labels
    artifact: ArtifactSection

    @model_validator(mode="after")
    def _shapes_agree(self) -> Manifest:
        """Each state tensor goes round the loop (out of one step, into the next) with one
        shape, and the app names each logit of the ``faults`` head with a label."""
        for name in self.state:
            found = {group: (getattr(self, group).model_extra or {}).get(name) for group in ("inputs", "outputs")}
            missing = [group for group, spec in found.items() if spec is None]
            if missing:
                raise PydanticCustomError(_OURS, "the state tensor {name} is not among the {groups}",
                                          {"name": name, "groups": " and ".join(missing)})
            if found["inputs"].shape != found["outputs"].shape:
                raise PydanticCustomError(
                    _OURS, "the state tensor {name} has different shapes in and out: inputs.{name} {a}, outputs.{name} {b}",
                    {"name": name, "a": found["inputs"].shape, "b": found["outputs"].shape})
        logits = self.outputs.faults.shape[-1]
        if len(self.labels.faults) != logits:
            raise PydanticCustomError(_OURS, "labels.faults names {labels} faults, the faults output has {logits}",
                                      {"labels": len(self.labels.faults), "logits": logits})
        return self


def check_manifest(manifest: Any, name: str) -> None:
    """Raise one :class:`ManifestMismatchError` about the first problem of ``manifest``
    (read from the file ``name``), or nothing when an app can run with it."""
    try:
        Manifest.model_validate(manifest)
    except ValidationError as exc:
        problems = exc.errors()
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise ManifestMismatchError(f"{name}: {_describe(problems[0])}{more}; {REMEDY}") from None


def key_path(keys: tuple[int | str, ...]) -> str:
    """``("inputs", "h", "shape", 0)`` -> ``inputs.h.shape[0]``: how messages name a field."""
    return "".join(f"[{key}]" if isinstance(key, int) else f".{key}" if i else key for i, key in enumerate(keys))


def _describe(problem: ErrorDetails) -> str:
    where = key_path(problem["loc"])
    if problem["type"] == "missing":
        return f"{where} is missing"
    if problem["type"] == _OURS:
        return f"{where}: {problem['msg']}" if where else problem["msg"]
    return f"{where or 'the manifest'} is {reprlib.repr(problem['input'])}: {problem['msg']}"
