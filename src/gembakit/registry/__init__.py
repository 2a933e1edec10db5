"""The programme database: certificates and their events, experts, organisations, pilot models
and improvement staff — an SQLite file by default, PostgreSQL by URL (SQLAlchemy 2, Alembic)."""
