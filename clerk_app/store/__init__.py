"""store layer of the counter application."""
