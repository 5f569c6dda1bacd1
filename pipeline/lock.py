"""One run per output folder: an exclusive lock on `OUT/.run.lock`.

Two runs on one folder would redo each other's work, and one would remove the
other's temporary files at start-up. The lock is an `flock`, so the kernel lets
it go when its holder exits or is killed; the file only says who holds it.
"""

from __future__ import annotations

import fcntl
import logging
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

log = logging.getLogger(__name__)
LOCK_NAME = ".run.lock"


class OutputLocked(RuntimeError):
    """Another run holds the output folder; the message names it."""


@contextmanager
def output_lock(out_dir: Path, wait: bool = False) -> Iterator[None]:
    """Hold `out_dir` for this run; another holder makes this raise `OutputLocked`, or wait when `wait`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / LOCK_NAME
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = path.read_text(encoding="utf-8").strip() or "a process that has not written its name yet"
            if not wait:
                raise OutputLocked(
                    f"{out_dir} is in use by another run ({holder}); let it finish, pass --wait to queue behind it, "
                    "or choose another --out"
                ) from None
            log.info("waiting for the other run on %s (%s)", out_dir, holder)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        handle.write(f"pid {os.getpid()} on {socket.gethostname()}, started {started}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
