# SPDX-License-Identifier: EUPL-1.2
"""The profile tests read the Maastricht demo, built once per run and restored per module."""

from maastricht_city import demo, maastricht

__all__ = ["demo", "maastricht"]
