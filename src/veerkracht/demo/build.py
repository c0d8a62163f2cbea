# SPDX-License-Identifier: EUPL-1.2
"""Build the synthetic demo city: generate it, write the official file formats, import them for real."""

from pathlib import Path

from veerkracht.areas.services import Progress


def build_synthetic_demo(*, seed: int, out_dir: Path | None, progress: Progress) -> list[str]:
    raise NotImplementedError("waiting for the generator")
