"""The training objective: every head, each on the frames where its label means something.

Push-up BCE on all frames; depth (L1) and fault BCE only on push-up frames, where "how deep"
and "which fault" are defined (and depth only where it is known: own videos have none);
the auxiliary keypoint head (L1) only on visible joints. A batch may carry a per-frame
``weight`` (a teacher's labels: 1 where it is sure, 0 where not): every head then counts
only the weighted frames.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import Tensor

from pushup_mobile.model.net import ClipOutputs


def _masked_mean(values: Tensor, mask: Tensor) -> Tensor:
    weight = mask.sum()
    return (values * mask).sum() / weight.clamp(min=1.0)


def losses(out: ClipOutputs, batch: dict[str, Tensor]) -> dict[str, Tensor]:
    """Per-head losses (unweighted) for a batch of clips ``[B, T, ...]``."""
    pushup = batch["pushup"].float()
    weight = batch["weight"].float() if "weight" in batch else torch.ones_like(pushup)
    on = (pushup > 0.5).float() * weight
    depth_known = on * (~torch.isnan(batch["depth"])).float()
    result = {
        "pushup": _masked_mean(F.binary_cross_entropy_with_logits(out.pushup.squeeze(-1), pushup, reduction="none"), weight),
        "depth": _masked_mean((out.depth.squeeze(-1) - torch.nan_to_num(batch["depth"])).abs(), depth_known),
        "faults": _masked_mean(
            F.binary_cross_entropy_with_logits(out.faults, batch["faults"].float(), reduction="none").mean(-1), on,
        ),
    }
    if out.keypoints is not None:
        visible = (batch["visibility"].float() * weight.unsqueeze(-1)).unsqueeze(-1)
        result["keypoints"] = _masked_mean((out.keypoints - batch["keypoints"]).abs(), visible.expand_as(out.keypoints))
    return result


def total(parts: dict[str, Tensor], weights: dict[str, float]) -> Tensor:
    return sum(weights[name] * value for name, value in parts.items())
