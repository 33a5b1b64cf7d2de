"""``python -m certwright.psychometrics analyze FILE.csv`` / ``calibrate FILE.csv --model 2pl``."""

from certwright.psychometrics._cli import main

raise SystemExit(main())
