# SPDX-License-Identifier: EUPL-1.2
"""Reads of meldingen beyond a lookup: the work list, overdue, duplicates, the reporter's history."""
