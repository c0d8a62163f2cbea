# SPDX-License-Identifier: EUPL-1.2
"""``python -m veerkracht.cli``: the ``veerkracht`` command, also where no script is on the PATH."""

from veerkracht.cli.main import main

main()
