"""The tables of the programme database (SQLAlchemy Core).

Every table has an integer key ``pk`` (full-text indexes refer to rows by it) and, for what people
search, a ``*_search`` column holding the text folded by :func:`gembakit.registry.search.fold`
(lower case, no diacritics, ``đ`` as ``d``), so "CƠ KHÍ", "co khi" and "Cơ khí" find the same rows
on both engines. Dates are ISO text (``YYYY-MM-DD``): they sort and compare as dates on SQLite and
PostgreSQL alike. Personal data is what the programme needs: names, credentials, organisations —
no national ID numbers, no dates of birth.

The Alembic migrations in ``migrations/versions`` build these tables; this module is what the
code reads and writes through.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

certificates = Table(
    "certificates", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(40), nullable=False, unique=True),
    Column("tier", String(20), nullable=False),
    Column("organisation", String(300), nullable=False),
    Column("organisation_search", String(300), nullable=False),
    Column("tax_code", String(20), index=True),
    Column("province", String(200)),
    Column("province_search", String(200)),
    Column("industry", String(200)),
    Column("checklist", String(64), nullable=False),
    Column("version", String(32), nullable=False),
    Column("level", Integer, nullable=False),
    Column("score", Integer),
    Column("issuer", String(300), nullable=False),
    Column("key_id", String(32), nullable=False),
    Column("assessor", String(300)),
    Column("issued", String(10), nullable=False, index=True),
    Column("expires", String(10), nullable=False),
    Column("status", String(20), nullable=False),
    Column("since", String(10), nullable=False),
    Column("reason", Text),
    Column("certificate", Text, nullable=False),
    Column("assessment", String(64), nullable=False),
    Index("certificates_by_assessment", "assessment", "tier"),
    Index("ix_certificates_province_issued", "province_search", "issued", "id"),
)

certificate_events = Table(
    "certificate_events", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("certificate_pk", Integer, ForeignKey("certificates.pk"), nullable=False, index=True),
    Column("at", String(10), nullable=False),
    Column("status", String(20), nullable=False),
    Column("reason", Text),
    Column("by", String(300)),
)

experts = Table(
    "experts", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("name", String(300), nullable=False),
    Column("name_search", String(300), nullable=False),
    Column("credential", String(100), nullable=False, unique=True),
    Column("issued_by", String(300)),
    Column("level", String(100)),
    Column("competences", Text, nullable=False, default=""),  # ';'-separated
    Column("organisation", String(300)),
    Column("organisation_search", String(300)),
    Column("province", String(200)),
    Column("province_search", String(200), index=True),
    Column("valid_from", String(10)),
    Column("valid_until", String(10)),
    Column("status", String(20), nullable=False, default="active"),
)

expert_events = Table(
    "expert_events", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("expert_pk", Integer, ForeignKey("experts.pk"), nullable=False, index=True),
    Column("at", String(10), nullable=False),
    Column("what", Text, nullable=False),
    Column("by", String(300)),
)

organisations = Table(
    "organisations", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("name", String(300), nullable=False),
    Column("name_search", String(300), nullable=False, unique=True),
    Column("tax_code", String(20), unique=True),
    Column("kind", String(30), nullable=False),
    Column("accreditation", String(300)),
    Column("province", String(200)),
    Column("province_search", String(200), index=True),
)

pilot_models = Table(
    "pilot_models", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("enterprise", String(300), nullable=False),
    Column("enterprise_search", String(300), nullable=False),
    Column("tax_code", String(20), index=True),
    Column("tool", String(200), nullable=False),
    Column("checklist", String(64)),
    Column("programme", String(300)),
    Column("funding_share", Float),
    Column("year", Integer, nullable=False, index=True),
    Column("province", String(200)),
    Column("province_search", String(200), index=True),
    Column("industry", String(200)),
)

indicators = Table(
    "indicators", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("model_pk", Integer, ForeignKey("pilot_models.pk"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("unit", String(50)),
    Column("before", Float),
    Column("after", Float),
)

staff = Table(
    "staff", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("person", String(300), nullable=False),
    Column("person_search", String(300), nullable=False),
    Column("enterprise", String(300), nullable=False),
    Column("enterprise_search", String(300), nullable=False),
    Column("tool", String(200), nullable=False),
    Column("level", String(100)),
    Column("issued", String(10), nullable=False, index=True),
    Column("expires", String(10)),
    Column("province", String(200)),
    Column("province_search", String(200), index=True),
)

# What each table's full-text index covers (the folded columns).
SEARCHED: dict[str, tuple[str, ...]] = {
    "certificates": ("organisation_search",),
    "experts": ("name_search", "organisation_search"),
    "organisations": ("name_search",),
    "pilot_models": ("enterprise_search",),
    "staff": ("person_search", "enterprise_search"),
}
