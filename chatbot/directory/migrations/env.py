"""Alembic environment: the URL comes from the caller (chatbot.directory.store.migrate)."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from chatbot.directory.models import metadata

url = context.config.get_main_option("sqlalchemy.url")
engine = create_engine(url, future=True)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
