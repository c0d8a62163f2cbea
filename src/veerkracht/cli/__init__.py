# SPDX-License-Identifier: EUPL-1.2
"""The ``veerkracht`` command line: thin commands that call services and show progress."""
