"""The first programme database: certificates and events, experts, organisations, pilot models
and their indicators, improvement staff; a full-text index per searched table.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The folded columns each table's full-text index covers (as in gembakit.registry.schema; a
# migration keeps its own copy, as it must build this schema whatever the code becomes).
SEARCHED = {
    "certificates": ("organisation_search",),
    "experts": ("name_search", "organisation_search"),
    "organisations": ("name_search",),
    "pilot_models": ("enterprise_search",),
    "staff": ("person_search", "enterprise_search"),
}


def _pk() -> sa.Column[int]:
    return sa.Column("pk", sa.Integer, primary_key=True, autoincrement=True)


def _search(name: str, size: int = 300, *, required: bool = True) -> list[sa.Column[str]]:
    return [sa.Column(name, sa.String(size), nullable=not required),
            sa.Column(f"{name}_search", sa.String(size), nullable=not required)]


def upgrade() -> None:
    op.create_table(
        "certificates", _pk(),
        sa.Column("id", sa.String(40), nullable=False, unique=True),
        sa.Column("tier", sa.String(20), nullable=False),
        *_search("organisation"),
        sa.Column("tax_code", sa.String(20)),
        *_search("province", 200, required=False),
        sa.Column("industry", sa.String(200)),
        sa.Column("checklist", sa.String(64), nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("score", sa.Integer),
        sa.Column("issuer", sa.String(300), nullable=False),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("assessor", sa.String(300)),
        sa.Column("issued", sa.String(10), nullable=False),
        sa.Column("expires", sa.String(10), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("since", sa.String(10), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("certificate", sa.Text, nullable=False),
        sa.Column("assessment", sa.String(64), nullable=False))
    op.create_index("ix_certificates_tax_code", "certificates", ["tax_code"])
    # A province's listing comes out in date order straight from the index.
    op.create_index("ix_certificates_province_issued", "certificates",
                    ["province_search", "issued", "id"])
    op.create_index("ix_certificates_issued", "certificates", ["issued"])
    op.create_index("certificates_by_assessment", "certificates", ["assessment", "tier"])
    op.create_table(
        "certificate_events", _pk(),
        sa.Column("certificate_pk", sa.Integer, sa.ForeignKey("certificates.pk"),
                  nullable=False),
        sa.Column("at", sa.String(10), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("by", sa.String(300)))
    op.create_index("ix_certificate_events_certificate_pk", "certificate_events",
                    ["certificate_pk"])
    op.create_table(
        "experts", _pk(),
        *_search("name"),
        sa.Column("credential", sa.String(100), nullable=False, unique=True),
        sa.Column("issued_by", sa.String(300)),
        sa.Column("level", sa.String(100)),
        sa.Column("competences", sa.Text, nullable=False),
        *_search("organisation", required=False),
        *_search("province", 200, required=False),
        sa.Column("valid_from", sa.String(10)),
        sa.Column("valid_until", sa.String(10)),
        sa.Column("status", sa.String(20), nullable=False))
    op.create_index("ix_experts_province_search", "experts", ["province_search"])
    op.create_table(
        "expert_events", _pk(),
        sa.Column("expert_pk", sa.Integer, sa.ForeignKey("experts.pk"), nullable=False),
        sa.Column("at", sa.String(10), nullable=False),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("by", sa.String(300)))
    op.create_index("ix_expert_events_expert_pk", "expert_events", ["expert_pk"])
    op.create_table(
        "organisations", _pk(),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("name_search", sa.String(300), nullable=False, unique=True),
        sa.Column("tax_code", sa.String(20), unique=True),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("accreditation", sa.String(300)),
        *_search("province", 200, required=False))
    op.create_index("ix_organisations_province_search", "organisations", ["province_search"])
    op.create_table(
        "pilot_models", _pk(),
        *_search("enterprise"),
        sa.Column("tax_code", sa.String(20)),
        sa.Column("tool", sa.String(200), nullable=False),
        sa.Column("checklist", sa.String(64)),
        sa.Column("programme", sa.String(300)),
        sa.Column("funding_share", sa.Float),
        sa.Column("year", sa.Integer, nullable=False),
        *_search("province", 200, required=False),
        sa.Column("industry", sa.String(200)))
    for column in ("tax_code", "year", "province_search"):
        op.create_index(f"ix_pilot_models_{column}", "pilot_models", [column])
    op.create_table(
        "indicators", _pk(),
        sa.Column("model_pk", sa.Integer, sa.ForeignKey("pilot_models.pk"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("unit", sa.String(50)),
        sa.Column("before", sa.Float),
        sa.Column("after", sa.Float))
    op.create_index("ix_indicators_model_pk", "indicators", ["model_pk"])
    op.create_table(
        "staff", _pk(),
        *_search("person"),
        *_search("enterprise"),
        sa.Column("tool", sa.String(200), nullable=False),
        sa.Column("level", sa.String(100)),
        sa.Column("issued", sa.String(10), nullable=False),
        sa.Column("expires", sa.String(10)),
        *_search("province", 200, required=False))
    op.create_index("ix_staff_issued", "staff", ["issued"])
    op.create_index("ix_staff_province_search", "staff", ["province_search"])
    for table, columns in SEARCHED.items():
        _full_text(table, columns)


def _full_text(table: str, columns: tuple[str, ...]) -> None:
    if op.get_bind().dialect.name == "sqlite":
        # An external-content FTS5 index on the table's pk, kept current by triggers; prefix
        # indexes make short prefixes ("co", "dn") fast.
        listed = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        op.execute(f"CREATE VIRTUAL TABLE {table}_fts USING fts5({listed}, content='{table}', "
                   f"content_rowid='pk', prefix='2 3', tokenize='unicode61')")
        op.execute(f"CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN "
                   f"INSERT INTO {table}_fts(rowid, {listed}) VALUES (new.pk, {new}); END")
        op.execute(f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN "
                   f"INSERT INTO {table}_fts({table}_fts, rowid, {listed}) "
                   f"VALUES ('delete', old.pk, {old}); END")
        op.execute(f"CREATE TRIGGER {table}_fts_update AFTER UPDATE ON {table} BEGIN "
                   f"INSERT INTO {table}_fts({table}_fts, rowid, {listed}) "
                   f"VALUES ('delete', old.pk, {old}); "
                   f"INSERT INTO {table}_fts(rowid, {listed}) VALUES (new.pk, {new}); END")
        return
    joined = " || ' ' || ".join(f"coalesce({c}, '')" for c in columns)
    op.execute(f"CREATE INDEX {table}_fts ON {table} USING gin "
               f"(to_tsvector('simple', {joined}))")


def downgrade() -> None:
    for table in ("indicators", "pilot_models", "staff", "organisations", "expert_events",
                  "experts", "certificate_events", "certificates"):
        if op.get_bind().dialect.name == "sqlite" and table in SEARCHED:
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
        op.drop_table(table)
