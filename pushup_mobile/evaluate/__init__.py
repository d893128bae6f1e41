"""Evaluation: labelled clips to stream through a model, and the task metrics."""
