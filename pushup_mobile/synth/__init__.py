"""The synthetic data: bodies, motion programs with exact labels, phone cameras."""
