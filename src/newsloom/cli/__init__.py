"""The ``newsloom`` command line: thin commands over library functions."""

from newsloom.cli.app import app, main

__all__ = ["app", "main"]
