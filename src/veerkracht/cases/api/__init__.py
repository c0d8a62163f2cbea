# SPDX-License-Identifier: EUPL-1.2
"""The meldingen REST API (mounted under /api/v1/): intake, reading, the work list, steps, categories.

Thin: each endpoint parses, checks permission, calls a service or query of the cases app, and renders
one of the shapes in :mod:`veerkracht.cases.api.outgoing`. ADR 0020 records the choices.
"""
