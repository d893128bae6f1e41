"""The two-stream family's network (:mod:`pushup_mobile.two_stream.net`)."""
