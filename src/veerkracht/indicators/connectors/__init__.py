# SPDX-License-Identifier: EUPL-1.2
"""Connectors: pure readers that check one source completely and return its values (no Django, no database).

The import service stores what they return. Use :func:`read_values` (it picks the connector) or one
connector directly; each raises ``ImportProblem`` naming file, row and column on the first problem.
"""

from veerkracht.indicators.connectors.base import LEVELS, VALUE_COLUMNS, ParsedValues
from veerkracht.indicators.connectors.catalogue import load_catalogue
from veerkracht.indicators.connectors.kwb import read_kwb_table
from veerkracht.indicators.connectors.kwb_odata import read_kwb_odata
from veerkracht.indicators.connectors.leefbaarometer import read_leefbaarometer3
from veerkracht.indicators.connectors.leefbaarometer2 import read_leefbaarometer2
from veerkracht.indicators.connectors.mapping import bundled_mappings, load_mapping, read_with_mapping
from veerkracht.indicators.connectors.registry import CONNECTORS, detect_connector, read_values
from veerkracht.indicators.connectors.squares import read_squares

__all__ = [
    "CONNECTORS",
    "LEVELS",
    "VALUE_COLUMNS",
    "ParsedValues",
    "bundled_mappings",
    "detect_connector",
    "load_catalogue",
    "load_mapping",
    "read_kwb_odata",
    "read_kwb_table",
    "read_leefbaarometer2",
    "read_leefbaarometer3",
    "read_squares",
    "read_values",
    "read_with_mapping",
]
