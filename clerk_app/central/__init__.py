"""The central server: FastAPI app, its own SQLAlchemy models, routes and services."""
