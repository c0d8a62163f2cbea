# SPDX-License-Identifier: EUPL-1.2
"""The API tests read one demo city per module."""

from demo_city import demo, demo_city

__all__ = ["demo", "demo_city"]
