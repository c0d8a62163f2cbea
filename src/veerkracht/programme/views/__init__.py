# SPDX-License-Identifier: EUPL-1.2
"""The programme's views, one module per part."""
