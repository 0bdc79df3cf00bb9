"""Entry point of the frozen build: the same ``main`` as the ``clerk-app`` console script."""

import sys

from clerk_app.ui.main import main

if __name__ == "__main__":
    sys.exit(main())
