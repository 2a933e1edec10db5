"""The programme database (SQLAlchemy): certificates, experts, organisations, pilot models."""
