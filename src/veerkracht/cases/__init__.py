# SPDX-License-Identifier: EUPL-1.2
"""Meldingen: intake, working-day clocks, workflow and routing as data (issue 9); dossiers follow."""
