"""LibreOffice in tests: convert exported files to CSV with ``soffice --headless``.

Locally a missing LibreOffice skips the test; under CI (``CI=true``, set by ``.ci/run``, which
installs ``libreoffice-calc-nogui``) it fails it. Each conversion gets its own user profile
(``-env:UserInstallation``) so that parallel test workers never share one: LibreOffice locks
its profile, and a second instance on the same profile would hand its work to the first.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

# Semicolon (59), double quote (34), UTF-8 (76), from line 1: how our CSV files are read, and
# how the converted file is written.
CSV_OPTIONS = "59,34,76,1"
CSV_FILTER = f"Text - txt - csv (StarCalc):{CSV_OPTIONS}"


def soffice() -> str:
    """The soffice program, or a skip (a failure under CI) when LibreOffice is missing."""
    found = shutil.which("soffice") or (
        "/usr/bin/soffice" if Path("/usr/bin/soffice").exists() else None
    )
    if found is None:
        message = "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@dataclass(frozen=True)
class Conversion:
    rows: dict[str, list[list[str]]]  # input file name -> the cells of the converted CSV
    seconds: float


@contextmanager
def _profile() -> Iterator[str]:
    folder = tempfile.mkdtemp(prefix="lo-")
    try:
        yield Path(folder).as_uri()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def convert_to_csv(files: list[Path], *, outdir: Path, csv_input: bool) -> Conversion:
    """Convert ``files`` (all CSV or all XLSX) in one soffice run; read the results back."""
    program = soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    with _profile() as profile:
        command = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            *([f"--infilter=CSV:{CSV_OPTIONS}"] if csv_input else []),
            "--convert-to",
            f"csv:{CSV_FILTER}",
            "--outdir",
            str(outdir),
            *(str(path) for path in files),
        ]
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, timeout=300)  # noqa: S603
        seconds = time.perf_counter() - started
    rows = {}
    for path in files:
        converted = outdir / f"{path.stem}.csv"
        with converted.open(encoding="utf-8", newline="") as handle:
            rows[path.name] = list(csv.reader(handle, delimiter=";"))
    return Conversion(rows=rows, seconds=seconds)
