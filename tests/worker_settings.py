# SPDX-License-Identifier: EUPL-1.2
"""Settings for the worker and server processes the tests start: the real settings, made slow on request.

A test can only kill a worker "mid-analysis" or watch progress if the analysis takes a while; the demo city
analyses in two seconds. The delays are switched on by environment variables, and only here, so that no
test hook lives in the product's code.
"""

import os
import time
from typing import Any

from veerkracht.settings import *  # noqa: F403

_ANALYSIS_DELAY = float(os.environ.get("VEERKRACHT_TEST_ANALYSIS_DELAY", "0"))
_WRITE_DELAY = float(os.environ.get("VEERKRACHT_TEST_WRITE_DELAY", "0"))

if _ANALYSIS_DELAY:
    import veerkracht.monitor as _monitor

    _real_analysis = _monitor.run_analysis

    def _slow_analysis(*args: Any, **kwargs: Any) -> Any:
        time.sleep(_ANALYSIS_DELAY)
        return _real_analysis(*args, **kwargs)

    _monitor.run_analysis = _slow_analysis  # services imports it from here after settings load

if _WRITE_DELAY:
    import pandas as _pd

    _real_to_parquet = _pd.DataFrame.to_parquet

    def _slow_to_parquet(self: Any, path: Any, *args: Any, **kwargs: Any) -> Any:
        written = _real_to_parquet(self, path, *args, **kwargs)
        if ".staging-" in str(path):  # a result being staged: pause after each file
            time.sleep(_WRITE_DELAY)
        return written

    _pd.DataFrame.to_parquet = _slow_to_parquet  # type: ignore[method-assign]
