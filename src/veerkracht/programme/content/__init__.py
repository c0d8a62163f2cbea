# SPDX-License-Identifier: EUPL-1.2
"""Typed content files of the programme (data, not code) and their readers."""
