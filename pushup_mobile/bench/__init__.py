"""Latency, memory and size of the step model per runtime, precision and thread count."""
