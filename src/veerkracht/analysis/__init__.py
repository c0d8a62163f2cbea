# SPDX-License-Identifier: EUPL-1.2
"""Analysis runs: the monitor's results stored with their inputs, parameters and code version."""
