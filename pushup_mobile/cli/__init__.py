"""Command-line interfaces: thin typer apps over the library."""
