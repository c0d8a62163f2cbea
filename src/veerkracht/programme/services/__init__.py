# SPDX-License-Identifier: EUPL-1.2
"""The programme's services, one module per part."""
