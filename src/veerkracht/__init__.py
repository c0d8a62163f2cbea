# SPDX-License-Identifier: EUPL-1.2
"""Veerkracht: the open platform for the neighbourhood approach of a Dutch city."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("veerkracht")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
