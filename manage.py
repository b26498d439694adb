#!/usr/bin/env python
from dwgk.cli import main

if __name__ == "__main__":
    main()
