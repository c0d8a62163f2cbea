# SPDX-License-Identifier: EUPL-1.2
"""The security tests read one demo city per module, and can read settings as a fresh process sees them."""

from demo_city import demo, demo_city

__all__ = ["demo", "demo_city"]
