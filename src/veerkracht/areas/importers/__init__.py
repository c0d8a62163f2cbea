# SPDX-License-Identifier: EUPL-1.2
"""Readers for the official area files; they validate and never write (the services do)."""
