"""devices layer of the counter application."""
