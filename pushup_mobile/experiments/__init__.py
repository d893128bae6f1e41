"""Research scripts behind README figures, kept apart from the library they measure."""
