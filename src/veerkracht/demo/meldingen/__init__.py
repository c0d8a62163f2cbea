# SPDX-License-Identifier: EUPL-1.2
"""A year of synthetic meldingen for the demo cities: a pure plan (``plan``) and its intake (``build``)."""
