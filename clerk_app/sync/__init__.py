"""sync layer of the counter application."""
