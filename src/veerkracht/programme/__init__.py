# SPDX-License-Identifier: EUPL-1.2
"""The programme: performance agreements, housing stock, interventions, liveability fund, resident teams."""
