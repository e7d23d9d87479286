"""``cleaner serve``: the library as an HTTP service (the optional extra ``cleaner[server]``).

``cleaner.server.app.create_app(ServiceConfig(...))`` returns the ASGI app; ``cleaner serve`` runs it with
uvicorn. ``cleaner.server.config`` imports nothing of the extra, so the CLI can read it (and say what is
missing) on an install without the extra.
"""
