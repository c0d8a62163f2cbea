# SPDX-License-Identifier: EUPL-1.2
"""Write the study's other layers as CSV files in the columns of the bundled mappings.

``lagen/<mapping>.csv`` for each of gezondheidsmonitor, toewijzingen, veiligheidsmonitor,
politie_misdrijven and sociale_cohesie, so that ``veerkracht indicators import lagen/toewijzingen.csv
--mapping toewijzingen`` loads it exactly as a city loads its own figures.
"""

from dataclasses import fields
from pathlib import Path

import pandas as pd

from .study_layers import study_layers

FOLDER = "lagen"


def write_study_layers(buurt_values: pd.DataFrame, years: list[int], seed: int, out_dir: Path) -> list[Path]:
    """Write one file per layer under ``out_dir/lagen``; return the paths (mapping name = file stem)."""
    folder = out_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    layers = study_layers(buurt_values, years, seed)
    written = []
    for field in fields(layers):
        path = folder / f"{field.name}.csv"
        getattr(layers, field.name).to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    return written
