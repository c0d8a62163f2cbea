# SPDX-License-Identifier: EUPL-1.2
"""Pure geographic helpers shared by every layer: CBS square ids and coordinate systems (no Django)."""
