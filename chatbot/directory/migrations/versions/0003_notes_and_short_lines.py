"""A note for maintainers apart from the caveat a teen reads (review T5), and an organisation's
and a law's one-line summary for the first view (issue 17: cards a phone shows whole).

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("channels") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))
    for table in ("organisations", "laws"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("short_es", sa.Text(), nullable=True))
            batch.add_column(sa.Column("short_fr", sa.Text(), nullable=True))


def downgrade() -> None:
    for table in ("laws", "organisations"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("short_fr")
            batch.drop_column("short_es")
    with op.batch_alter_table("channels") as batch:
        batch.drop_column("note")
