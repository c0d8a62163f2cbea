# SPDX-License-Identifier: EUPL-1.2
"""Browser tests of the web part use the ``browser`` and ``page`` fixtures of ``tests/conftest.py``."""
