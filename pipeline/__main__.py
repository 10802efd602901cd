"""`python -m pipeline`: the same command line as the `pipeline` script."""
import sys

from .cli import main

sys.exit(main())
