"""PyInstaller entry point: the same as ``python -m mycrm``."""

import sys

from mycrm.app import main

if __name__ == "__main__":
    sys.exit(main())
