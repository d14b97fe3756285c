#!/usr/bin/env python3
"""Build every edition of the publication: `python build.py --help`."""

import sys

from editions.cli import main

if __name__ == "__main__":
    sys.exit(main())
