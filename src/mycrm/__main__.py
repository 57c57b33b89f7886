import sys

from mycrm.app import main

sys.exit(main())
