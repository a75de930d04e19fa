"""The kernel's Alembic migrations (script location ``blikopwerk:_migrations``).

The kernel's revisions (``versions``, base revision ``0001``) create the kernel's tables;
each storage extension ships a branch of its own in its own version location
(:func:`blikopwerk.storage.version_locations` lists them all). Run them with
:func:`blikopwerk.storage.upgrade` or ``werkscan storage upgrade URL``; an app with its
own Alembic environment includes :func:`blikopwerk.storage.full_metadata` and those
version locations (see the storage engine page of the docs).
"""
