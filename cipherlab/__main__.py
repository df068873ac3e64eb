"""``python -m cipherlab`` = the ``cipherlab`` command."""

import sys

from cipherlab.cli import main

sys.exit(main())
