"""Let `python -m pipeline` run the command-line interface."""

from pipeline.cli import main

raise SystemExit(main())
