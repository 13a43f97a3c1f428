from reader.cli import run

# Guarded: the folder indexer's child process imports the main module again.
if __name__ == "__main__":
    run()
