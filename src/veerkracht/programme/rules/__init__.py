# SPDX-License-Identifier: EUPL-1.2
"""The programme's rule files (data, not code) and their typed reader."""
