"""The time and memory budget of one import job, checked by the job itself.

An import job checks its budget between two runs of rows (cooperatively: nothing kills a
thread from outside). So it works the same in the web process's background thread, the
command and a separate task runner. Memory is the growth of the process's resident set since
the job started (``/proc/self/statm``; the peak from ``getrusage`` where ``/proc`` is absent):
other work in the same process counts too, which errs on the safe side.
"""

from __future__ import annotations

import os
import resource
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from veilig.events.importing.errors import ImportFileError

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes() -> int:
    """The process's resident memory now (or its peak, without /proc)."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


@dataclass
class Budget:
    seconds: float
    memory_bytes: int
    started: float = field(default_factory=time.monotonic)
    memory_at_start: int = field(default_factory=resident_bytes)

    @classmethod
    def from_settings(cls) -> Budget:
        return cls(
            seconds=float(settings.IMPORT_MAX_SECONDS),
            memory_bytes=int(settings.IMPORT_MAX_MEMORY_BYTES),
        )

    def check(self) -> None:
        """Raise :class:`ImportFileError` when the job has used up its time or memory."""
        if time.monotonic() - self.started > self.seconds:
            raise ImportFileError(
                _("The import took longer than the limit of %(minutes)s minutes and was stopped."),
                code="time_budget",
                minutes=max(1, round(self.seconds / 60)),
            )
        if resident_bytes() - self.memory_at_start > self.memory_bytes:
            raise ImportFileError(
                _("The import needed more memory than the limit of %(mb)s MB and was stopped."),
                code="memory_budget",
                mb=self.memory_bytes // (1024 * 1024),
            )
