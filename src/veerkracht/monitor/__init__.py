# SPDX-License-Identifier: EUPL-1.2
"""The monitor: a pure analysis engine (frames in, frames out; no Django, no database, no settings).

Start with :func:`run_analysis` for the whole veerkracht analysis, or use the parts:
:func:`aggregate`, :func:`period_change` / :func:`relative_development`, :func:`classify`,
:func:`suppress`, :func:`smooth_rates`, :func:`hidden_hotspots`, :func:`hot_spots`,
:func:`emerging_hot_spots` and :func:`need_versus_support`. Methodology lives in presets
(:func:`load_preset`), the frame contract in :mod:`veerkracht.monitor.frames`.
"""

from .aggregate import aggregate
from .catalogue import CatalogueError, IndicatorSpec, PrivacyRule, build_catalogue
from .change import ReferenceSpec, period_change, relative_development
from .comparison import compare_runs
from .emerging import emerging_hot_spots, mann_kendall
from .fdr import benjamini_hochberg
from .frames import LEVELS, FrameError, validate_areas, validate_membership, validate_values
from .getis_ord import gi_star, hot_spots
from .hidden_hotspots import hidden_hotspots
from .lattice import square_neighbours
from .need_support import NeedSupportFit, need_versus_support
from .parameters import AnalysisParameters, NeedSupportParameters
from .preset import Preset, PresetError
from .preset_loader import available_presets, load_preset
from .resilience import classify
from .run import AnalysisInputs, AnalysisResult, AnalysisRun, run_analysis
from .smoothing import poisson_gamma, smooth_rates
from .suppression import suppress
from .vulnerability import composite_concentration

__all__ = [
    "LEVELS",
    "AnalysisInputs",
    "AnalysisParameters",
    "AnalysisResult",
    "AnalysisRun",
    "CatalogueError",
    "FrameError",
    "IndicatorSpec",
    "NeedSupportFit",
    "NeedSupportParameters",
    "Preset",
    "PresetError",
    "PrivacyRule",
    "ReferenceSpec",
    "aggregate",
    "available_presets",
    "benjamini_hochberg",
    "build_catalogue",
    "classify",
    "compare_runs",
    "composite_concentration",
    "emerging_hot_spots",
    "gi_star",
    "hidden_hotspots",
    "hot_spots",
    "load_preset",
    "mann_kendall",
    "need_versus_support",
    "period_change",
    "poisson_gamma",
    "relative_development",
    "run_analysis",
    "smooth_rates",
    "square_neighbours",
    "suppress",
    "validate_areas",
    "validate_membership",
    "validate_values",
]
