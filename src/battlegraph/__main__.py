"""``python -m battlegraph``: the same as the ``battlegraph`` command."""

from battlegraph._cli import main

main()
