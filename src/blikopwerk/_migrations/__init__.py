"""The library's Alembic migrations (script location ``blikopwerk:_migrations``).

Run them with :func:`blikopwerk.storage.upgrade` or ``werkscan storage upgrade URL``; an
app with its own Alembic environment includes :data:`blikopwerk.storage.metadata` and
these versions (see the storage engine page of the docs).
"""
