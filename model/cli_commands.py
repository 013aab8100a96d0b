"""Subcommands beyond `predict`: each parses its arguments and calls one library function."""

from __future__ import annotations

import argparse
from collections.abc import Callable

COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []
