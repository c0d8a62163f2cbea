# SPDX-License-Identifier: EUPL-1.2
"""The programme's queries, one module per part."""
