"""Things that move where nobody is: what must never become a push-up.

A clip with the ``empty`` edit films the room alone (the person never walks in) while
things move in it: a box or a cushion going up and down at a push-up's pace, a ball
bouncing, a door or a curtain sliding, a screen whose picture keeps changing. A model that
counts rhythm instead of a body counts these; their labels say "nobody" on every frame.
They are drawn on the rendered frame, before the camera's look (noise, blur,
compression), seeded by the clip.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

KINDS = ("box", "ball", "slide", "screen")
PERIOD_S = (0.8, 4.0)
"""Seconds per cycle of a mover: the push-up range and slower."""


@dataclass(frozen=True)
class Mover:
    """One moving thing: its kind, colour, centre and size as fractions of the frame, and
    its cycle (period in frames, phase, how far it travels and which way)."""

    kind: str
    color: tuple[float, float, float]
    centre: tuple[float, float]
    size: tuple[float, float]
    period: float
    phase: float
    travel: float
    direction: tuple[float, float]
    seed: int

    def offset(self, t: int) -> tuple[float, float]:
        """Where the mover is at frame ``t``, as a shift of its centre (fractions of the frame)."""
        swing = self.travel * np.sin(2 * np.pi * (t / self.period + self.phase))
        return swing * self.direction[0], swing * self.direction[1]

    def draw(self, image: np.ndarray, t: int) -> None:
        h, w = image.shape[:2]
        dx, dy = self.offset(t)
        cx, cy = (self.centre[0] + dx) * w, (self.centre[1] + dy) * h
        half_w, half_h = self.size[0] * w / 2, self.size[1] * h / 2
        color = self.color
        top_left = (int(round(cx - half_w)), int(round(cy - half_h)))
        bottom_right = (int(round(cx + half_w)), int(round(cy + half_h)))
        if self.kind == "ball":
            cv2.ellipse(image, (int(round(cx)), int(round(cy))), (max(1, int(half_w)), max(1, int(half_h))), 0.0, 0.0,
                        360.0, color, -1, cv2.LINE_AA)
        elif self.kind == "screen":
            cv2.rectangle(image, top_left, bottom_right, (20.0, 20.0, 20.0), -1)
            self._picture(image, t, top_left, bottom_right)
        else:  # a box going up and down, or a door or curtain sliding across
            cv2.rectangle(image, top_left, bottom_right, color, -1)
            shade = tuple(0.6 * c for c in color)
            cv2.rectangle(image, top_left, bottom_right, shade, max(1, int(0.01 * w)))

    def _picture(self, image: np.ndarray, t: int, top_left: tuple[int, int], bottom_right: tuple[int, int]) -> None:
        """A screen's picture: coloured blocks that change every few frames, like a video."""
        x0, y0 = max(top_left[0], 0), max(top_left[1], 0)
        x1, y1 = min(bottom_right[0], image.shape[1]), min(bottom_right[1], image.shape[0])
        if x1 - x0 < 3 or y1 - y0 < 3:
            return
        shot = int(t // max(1.0, self.period / 4))
        blocks = np.random.default_rng([self.seed, shot]).uniform(0, 255, size=(3, 4, 3)).astype(np.uint8)
        image[y0 + 1 : y1 - 1, x0 + 1 : x1 - 1] = cv2.resize(blocks, (x1 - x0 - 2, y1 - y0 - 2),
                                                               interpolation=cv2.INTER_LINEAR)


def sample_movers(rng: np.random.Generator, fps: float) -> list[Mover]:
    """One to three movers for an empty room, each of a kind from :data:`KINDS`."""
    movers = []
    for _ in range(int(rng.integers(1, 4))):
        kind = str(rng.choice(KINDS))
        upright = kind in ("box", "ball")
        side = float(rng.uniform(0.08, 0.3))
        movers.append(Mover(
            kind=kind,
            color=tuple(float(c) for c in rng.uniform(20, 235, size=3)),
            centre=(float(rng.uniform(0.2, 0.8)), float(rng.uniform(0.3, 0.8))),
            size=(side, side * float(rng.uniform(0.5, 1.5)) if kind != "ball" else side),
            period=float(rng.uniform(*PERIOD_S)) * fps,
            phase=float(rng.uniform()),
            travel=0.0 if kind == "screen" else float(rng.uniform(0.03, 0.15)),
            direction=(0.0, 1.0) if upright else (1.0, 0.0),
            seed=int(rng.integers(2**31)),
        ))
    return movers
