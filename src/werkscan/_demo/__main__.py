import sys

from werkscan._demo import main

sys.exit(main())
