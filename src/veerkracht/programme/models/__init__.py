# SPDX-License-Identifier: EUPL-1.2
"""The programme's tables, one module per concept; Django finds them through this package."""
