"""`python -m tqcheck`."""

from tqcheck.cli import main

main(prog_name="tqcheck")
