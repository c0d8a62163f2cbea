# SPDX-License-Identifier: EUPL-1.2
"""Indicators: catalogue, sources, import runs and the value store."""
