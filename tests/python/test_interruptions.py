"""Ctrl-C during a long compiled job: the reads, writes and the national generator run without
the GIL, and Python runs its signal handlers only between bytecodes, so a KeyboardInterrupt used
to come when the job had ended (a 700 MB JSON read took 12 s to stop). civica's interruption
points now ask Python for waiting signals, and the job stops within a fraction of a second.

Independent truth: the same job timed whole in the same run. The interrupted job must end in
less than half of that; before, it ended after all of it."""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path

import pytest

import civica
import civica.io


@pytest.fixture(scope="module")
def national():
    return civica.synth.national(applications=250_000, regions=20, seed=4)


def _timed(job) -> float:
    started = time.monotonic()
    job()
    return time.monotonic() - started


def _interrupted_after(job, whole: float) -> float:
    """Runs `job` with Ctrl-C sent to the main thread a little after it starts; the seconds it
    took to end with KeyboardInterrupt."""
    timer = threading.Timer(min(0.1, whole / 5), signal.pthread_kill, (threading.main_thread().ident, signal.SIGINT))
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            job()
    finally:
        timer.cancel()
    return time.monotonic() - started


@pytest.mark.parametrize("name,fmt", [("data.json", "json"), ("data.sqlite", "sqlite"), ("folder", "civica"),
                                      ("grants.json", "360giving")])
def test_ctrl_c_stops_a_long_read_long_before_it_would_end(tmp_path: Path, national, name: str, fmt: str) -> None:
    import warnings

    path = tmp_path / name
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", civica.io.DataNotKeptWarning)
        civica.io.write(national, path, fmt)
    whole = _timed(lambda: civica.io.read(path, fmt))
    assert whole > 0.3, f"a read of {name} takes {whole:.3f} s: too short to tell"
    took = _interrupted_after(lambda: civica.io.read(path, fmt), whole)
    assert took < whole / 2, f"Ctrl-C stopped the read of {name} after {took:.2f} s; the whole read takes {whole:.2f} s"


def test_ctrl_c_stops_a_long_write_before_it_is_made_and_leaves_the_target(tmp_path: Path, national) -> None:
    target = tmp_path / "data.json"
    civica.io.write(civica.synth.national(applications=50, regions=2, seed=1), target)
    before = target.read_bytes()
    whole = _timed(lambda: civica.io.write(national, tmp_path / "timed.json"))
    assert whole > 0.3
    took = _interrupted_after(lambda: civica.io.write(national, target), whole)
    assert took < whole / 2, f"Ctrl-C stopped the write after {took:.2f} s; the whole write takes {whole:.2f} s"
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.json", "timed.json"]


def test_ctrl_c_stops_the_national_generator() -> None:
    whole = _timed(lambda: civica.synth.national(applications=1_000_000, regions=40, seed=5))
    assert whole > 0.3
    took = _interrupted_after(lambda: civica.synth.national(applications=1_000_000, regions=40, seed=5), whole)
    assert took < whole / 2, f"Ctrl-C stopped the generator after {took:.2f} s; it takes {whole:.2f} s"


def test_a_read_on_another_thread_is_not_stopped_by_the_main_threads_signal(tmp_path: Path, national) -> None:
    # Python runs signal handlers on the main thread only: a read on a worker thread goes on, and
    # the KeyboardInterrupt reaches the main thread, as it does for any Python code.
    path = tmp_path / "data.sqlite"
    civica.io.write(national, path)
    got = {}
    worker = threading.Thread(target=lambda: got.setdefault("ds", civica.io.read(path)))
    worker.start()
    with pytest.raises(KeyboardInterrupt):
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
        worker.join()
    worker.join()
    assert len(got["ds"].applications) == len(national.applications)
