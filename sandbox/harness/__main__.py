"""Entry point inside the sandbox: `python3 -I -S -B <package>/__main__.py CONFIG.json`."""

from __future__ import annotations

import importlib
import os
import sys

# -I keeps the working directory (and this file's folder) off sys.path. The harness package, the
# solution and the tests all live in the working directory, so put it back, and import the
# package under whatever name the grader gave its folder.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(_here))
_runner = importlib.import_module(os.path.basename(_here) + ".runner")
sys.exit(_runner.main(sys.argv[1:]))
