"""Platforms: how to report an image on each platform, and which hash tools it joins.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "platforms",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("how_es", sa.Text(), nullable=False),
        sa.Column("how_fr", sa.Text(), nullable=False),
        sa.Column("report_url", sa.Text(), nullable=True),
        sa.Column("take_it_down", sa.Boolean(), nullable=True),
        sa.Column("stopncii", sa.Boolean(), nullable=True),
        sa.Column("end_to_end_encrypted", sa.Boolean(), nullable=True),
        sa.Column("source_url", sa.Text(), nullable=False),
        sa.Column("verified_on", sa.Date(), nullable=False),
        sa.Column("facts", sa.Text(), nullable=True),
        sa.CheckConstraint("source_url LIKE 'https://%'", name=op.f("ck_platforms_source_https")),
        sa.CheckConstraint("report_url IS NULL OR report_url LIKE 'https://%'", name=op.f("ck_platforms_report_https")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_platforms")),
    )


def downgrade() -> None:
    op.drop_table("platforms")
