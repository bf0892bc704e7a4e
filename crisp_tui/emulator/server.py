"""Serve the emulator on loopback (uvicorn): blocking (`serve`) or threaded (`EmulatorServer`)."""

from __future__ import annotations

import dataclasses
import socket
import sys
import threading
import time
from typing import TextIO

import uvicorn
from starlette.applications import Starlette

from crisp_tui.emulator.app import Emulator, create_app
from crisp_tui.emulator.settings import EmulatorSettings


def _bind(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted sockets inherit this; without it Nagle + delayed ACK add ~40 ms to small answers.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    return sock


def _config(app: Starlette) -> uvicorn.Config:
    # h11: its request cycle exposes the transport, which the "drop" fault aborts.
    return uvicorn.Config(
        app,
        http="h11",
        ws="wsproto",  # the RTM socket (rtm.py); its transport is what the "drop" fault aborts
        lifespan="off",
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=1,
    )


def export_lines(settings: EmulatorSettings, base_url: str) -> str:
    return (
        f"export CRISP_WEBSITE_ID={settings.website_id}\n"
        f"export CRISP_TOKEN_ID={settings.token_id}\n"
        f"export CRISP_TOKEN_KEY={settings.token_key}\n"
        f"export CRISP_TIER={settings.tier}\n"
        f"export CRISP_API_URL={base_url}\n"
    )


def _served_at(settings: EmulatorSettings, origin: str) -> EmulatorSettings:
    """Seeded attachments link to the address the emulator is served at."""
    return dataclasses.replace(settings, public_url=origin)


def serve(
    host: str = "127.0.0.1",
    port: int = 8787,
    settings: EmulatorSettings | None = None,
    out: TextIO = sys.stdout,
) -> None:
    """Run until interrupted, after printing the environment to point a client at it."""
    sock = _bind(host, port)
    bound = sock.getsockname()[1]
    settings = _served_at(settings or EmulatorSettings(), f"http://{host}:{bound}")
    out.write("# Crisp API emulator (demo credentials, not secrets). In another shell:\n")
    out.write(export_lines(settings, f"http://{host}:{bound}/v1"))
    out.flush()
    uvicorn.Server(_config(create_app(settings))).run(sockets=[sock])


class EmulatorServer:
    """The emulator on 127.0.0.1 in a background thread (port 0 = any free port)."""

    def __init__(
        self,
        settings: EmulatorSettings | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        app: Starlette | None = None,
    ) -> None:
        """Serve `app` (to bring a stopped server's world back), or a new one for `settings`."""
        self._sock = _bind(host, port)
        self.host, self.port = host, self._sock.getsockname()[1]
        if app is None:
            settings = _served_at(settings or EmulatorSettings(), self.origin)
        self.settings = app.state.emulator.settings if app else settings
        self.app = app or create_app(self.settings)
        self._server = uvicorn.Server(_config(self.app))
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._sock]},
            name="crisp-emulator",
            daemon=True,
        )

    @property
    def emulator(self) -> Emulator:
        return self.app.state.emulator

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.origin}/v1"

    def start(self, timeout: float = 10.0) -> EmulatorServer:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the emulator server did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._sock.close()

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
