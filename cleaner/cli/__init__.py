"""Command-line interface: argparse -> options -> library calls. No extraction logic lives here.

Each subcommand is a module of this package with ``register(subparsers)``, which adds its parser and
sets ``func`` (``args -> exit status``). ``cleaner.cli.main.main(argv)`` (the ``cleaner`` command)
returns the exit status instead of exiting, so tests call it directly.
"""
