"""PyInstaller entry point: the same as ``python -m mycrm``."""

import sys

from mycrm.app import main
from mycrm.companion.process import run_child_if_asked

if __name__ == "__main__":
    run_child_if_asked(sys.argv)  # a frozen build starts the phone server as `<exe> --phone-server`
    sys.exit(main())
