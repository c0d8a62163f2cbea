# SPDX-License-Identifier: EUPL-1.2
"""The neighbourhood profile: one page per area where the monitor, meldingen and programme meet."""
