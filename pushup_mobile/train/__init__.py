"""Training: configs, losses and the loop (single process or DDP over gloo)."""
