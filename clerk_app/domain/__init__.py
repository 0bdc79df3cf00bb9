"""Pure domain rules. Imports neither Qt nor SQLAlchemy (enforced by import-linter)."""
