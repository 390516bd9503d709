"""Run a command while one busy process per core keeps the machine loaded, then stop them.

    python tools/burn.py COMMAND [ARGS...]

``make test-under-load`` runs the test suite this way: results must not depend on the load.
Exits with the command's exit code.
"""

from __future__ import annotations

import os
import subprocess
import sys


def main() -> int:
    """The command's exit code, with every core kept busy meanwhile."""
    burners = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"])
        for _core in range(os.cpu_count() or 1)
    ]
    try:
        return subprocess.run(sys.argv[1:], check=False).returncode
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


if __name__ == "__main__":
    raise SystemExit(main())
