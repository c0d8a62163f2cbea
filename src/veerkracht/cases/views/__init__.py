# SPDX-License-Identifier: EUPL-1.2
"""The meldingen pages, one module per group: work list, melding, intake, rounds, administration.

Thin, like every page (ADR 0004): parse input, check permission, call the write API (``cases.services``)
or a read (``cases.queries``), render. Who may read a melding is decided in one place
(``cases.access``); a melding a person may not read answers the same 404 as one that does not exist.
"""
