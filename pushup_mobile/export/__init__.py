"""Export the step model to mobile formats, check parity, and describe it in a manifest."""
