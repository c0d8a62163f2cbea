# SPDX-License-Identifier: EUPL-1.2
"""Meldingen from elsewhere: historic files with a mapping (``historic``), through one bulk path."""
