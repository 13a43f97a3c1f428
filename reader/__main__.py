import sys

from reader.cli import main

# Guarded: the folder indexer's child process imports the main module again.
if __name__ == "__main__":
    sys.exit(main())
