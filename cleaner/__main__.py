"""``python -m cleaner``: the same as the ``cleaner`` command."""
import sys

from cleaner.cli.main import main

sys.exit(main())
