# SPDX-License-Identifier: EUPL-1.2
"""Test set-up for the monitor: the fake-country maker is importable as a plain module."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
