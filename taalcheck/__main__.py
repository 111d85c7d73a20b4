"""python -m taalcheck FILE: the klare-taal check from the command line."""

from taalcheck.cli import app

app()
