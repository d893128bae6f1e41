"""HTTP API over analyze: upload a video, get the same JSON report."""
