"""reader: read, tag and annotate right-to-left articles in the terminal."""

__version__ = "0.1.0"
