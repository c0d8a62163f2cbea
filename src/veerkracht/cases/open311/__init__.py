# SPDX-License-Identifier: EUPL-1.2
"""Open311 GeoReport v2 (mounted at /open311/v2/): existing reporting apps submit and follow meldingen.

Discovery, services (from ``categories.yaml``), service definitions, requests (list, by id, create), as
JSON and as XML. What a public answer may show is data (``policy.yaml``) within limits that code keeps:
confidential categories never appear, and reporters are never shown. ADR 0020 records why.
"""
