"""A local Prefect server as a child process: start it on 127.0.0.1, wait until it answers, stop it.

Used by `flows.run` (one run), `flows.serve` (scheduled runs) and `bench/flow_vs_cli.py`.
Imports no Prefect: the server runs in its own process group, so a Ctrl-C at the terminal
reaches only our process, which then stops the children in order. A process killed outright
(SIGKILL, out of memory) stops nothing itself: `guard` starts a small watcher that stops the
server's process group when the process that started it dies, however it dies.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(api_url: str, timeout: float = 2.0) -> bool:
    """Whether the Prefect API at `api_url` (ending in /api) answers its health check."""
    try:
        with urllib.request.urlopen(api_url.rstrip("/") + "/health", timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def start_server(port: int, env: dict[str, str], log: IO | None = None, ui: bool = False) -> subprocess.Popen:
    """Start `prefect server start` on 127.0.0.1:`port` in its own process group."""
    prefect_cli = Path(sys.executable).with_name("prefect")
    command = [str(prefect_cli), "server", "start", "--host", "127.0.0.1", "--port", str(port),
               "--analytics-off", "--ui" if ui else "--no-ui"]
    return subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=log,
                            stderr=subprocess.STDOUT if log is not None else None, start_new_session=True)


def wait_until_answers(api_url: str, process: subprocess.Popen | None = None, timeout: float = 90.0) -> float:
    """Wait until the API answers; return the seconds waited. Raises if the server died or is late."""
    start = time.monotonic()
    while not answers(api_url):
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the Prefect server exited with status {process.returncode} before answering")
        if time.monotonic() - start > timeout:
            raise TimeoutError(f"no answer from {api_url} after {timeout:.0f} s")
        time.sleep(0.25)
    return time.monotonic() - start


def stop(process: subprocess.Popen, timeout: float = 20.0) -> int:
    """SIGTERM the process's group (a serve process stops on SIGTERM, not SIGINT); SIGKILL if late."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return process.returncode


# The watcher: reads process group ids, one a line, until its standard input closes (the
# process that started it exited or was killed: the kernel closes the pipe either way),
# then stops those groups (SIGTERM, then SIGKILL after 10 s).
_WATCHER = """
import os, signal, sys, time

def alive(group):
    try:
        os.killpg(group, 0)
        return True
    except (ProcessLookupError, PermissionError):
        return False

groups = [int(line) for line in sys.stdin]
for sig, grace in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 0.0)):
    for group in [g for g in groups if alive(g)]:
        os.killpg(group, sig)
    deadline = time.monotonic() + grace
    while any(alive(g) for g in groups) and time.monotonic() < deadline:
        time.sleep(0.2)
"""


class Guard:
    """Stops the process groups it is given when this process dies, however it dies (see
    `_WATCHER`). `close()` at a normal exit, after stopping them in order, ends the watcher."""

    def __init__(self):
        self.watcher = subprocess.Popen([sys.executable, "-c", _WATCHER], stdin=subprocess.PIPE,
                                        stdout=subprocess.DEVNULL, start_new_session=True, text=True)

    def add(self, process: subprocess.Popen) -> subprocess.Popen:
        """Guard `process`, started in its own process group (`start_server`)."""
        self.watcher.stdin.write(f"{process.pid}\n")
        self.watcher.stdin.flush()
        return process

    def close(self) -> None:
        # Killed, not told: the groups were stopped in order already, and their ids may be
        # taken by other processes by now.
        self.watcher.kill()
        self.watcher.wait()
        self.watcher.stdin.close()
