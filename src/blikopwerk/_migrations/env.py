"""Alembic environment of the library's migrations.

:func:`blikopwerk.storage.upgrade` passes an open connection (already inside the
transaction that holds the migration lock) as ``config.attributes["connection"]``;
run from the ``alembic`` command line, ``sqlalchemy.url`` is used instead. The target
metadata holds the kernel's tables and those of every installed storage extension.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from blikopwerk.storage import full_metadata

config = context.config
metadata = full_metadata()
connection = config.attributes.get("connection")

if context.is_offline_mode():  # pragma: no cover - SQL scripts for a DBA
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata,
                      literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
elif connection is not None:
    context.configure(connection=connection, target_metadata=metadata)
    with context.begin_transaction():
        context.run_migrations()
else:  # pragma: no cover - the alembic CLI
    engine = sa.create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        context.configure(connection=conn, target_metadata=metadata)
        with context.begin_transaction():
            context.run_migrations()
