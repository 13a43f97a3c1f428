"""The Textual interface: a thin layer over the pure core."""
