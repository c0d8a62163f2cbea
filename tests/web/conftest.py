# SPDX-License-Identifier: EUPL-1.2
"""Browser tests of the web part use the ``browser`` and ``page`` fixtures of ``tests/conftest.py``."""

from demo_site import demo_site  # noqa: F401  (the demo city served once per session, for the monitor)
