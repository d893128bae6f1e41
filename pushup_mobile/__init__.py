"""pushup-mobile: push-up detection and form feedback, trained in PyTorch, shipped to phones."""

__version__ = "0.1.0"
