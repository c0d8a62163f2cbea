# SPDX-License-Identifier: EUPL-1.2
"""Stop a throwaway PostgreSQL cluster when the process that started it ends, however it ends.

Started by :func:`postgres.start_cluster` with a pipe as its standard input whose only writer is the starting
process: reading it returns when that process closes it (``PostgresCluster.stop``) or is gone (killed,
crashed, interrupted before its clean-up ran). Then the cluster is stopped and its folder removed, so no
server of a test run or benchmark outlives it.

Usage: ``python postgres_watchdog.py BASE PG_CTL [RUN_AS ...]``
"""

import shutil
import subprocess
import sys


def main(argv: list[str]) -> int:
    base, pg_ctl, *run_as = argv
    sys.stdin.buffer.read()
    stop = [*run_as, pg_ctl, "-D", f"{base}/data", "-m", "immediate", "stop"]
    subprocess.run(stop, capture_output=True, check=False)
    shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
