"""Storage: the SQLAlchemy models and sessions."""
