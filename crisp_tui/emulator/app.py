"""`create_app(settings)`: the emulator as a Starlette app, and `Emulator`, its state and knobs."""

from __future__ import annotations

import random
from typing import Any

from starlette.applications import Starlette
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from crisp_tui.emulator.activity import Activity
from crisp_tui.emulator.api import RAW_SEND, CrispApi
from crisp_tui.emulator.bucket import STORAGE_PATH, Storage
from crisp_tui.emulator.clock import FakeClock, SystemClock
from crisp_tui.emulator.control import control_routes, not_found
from crisp_tui.emulator.edge_cache import EdgeCache
from crisp_tui.emulator.faults import FaultGate
from crisp_tui.emulator.generate import build_world, visitor_message
from crisp_tui.emulator.rtm import RTM_PATH, RtmHub
from crisp_tui.emulator.settings import EmulatorSettings
from crisp_tui.emulator.stats import Stats


class Emulator:
    """Everything a test or the control path may look at or change: `app.state.emulator`."""

    def __init__(self, settings: EmulatorSettings) -> None:
        self.settings = settings
        self.clock = settings.clock or SystemClock()
        now = self.clock.now_ms()
        self.world = build_world(settings, now)
        self.activity = Activity(
            self.world,
            settings.activity_per_minute,
            now,
            random.Random(f"{settings.seed}:activity"),
        )
        self.faults = settings.faults
        self.gate = FaultGate(self.faults, random.Random(f"{settings.seed}:faults"), self.clock)
        self.stats = Stats()
        self.edge = EdgeCache()
        self.rtm = RtmHub(self)
        self.world.publish = self.rtm.publish

    def advance(self, *, seconds: float = 0, ms: int = 0) -> int:
        """Move the fake clock; the visitor activity that fell due happens (and is published)."""
        if not isinstance(self.clock, FakeClock):
            raise TypeError("the emulator runs on the system clock; pass a FakeClock to advance")
        with self.world.lock:
            now = self.clock.advance(seconds=seconds, ms=ms)
            self.gate.commit_due(now)
            self.activity.catch_up(now)
        return now

    def set_faults(self, **changes: Any) -> None:
        self.faults.update(changes)

    def reset_faults(self) -> None:
        self.faults.reset()
        self.edge.clear()

    def set_activity(self, per_minute: float) -> None:
        with self.world.lock:
            self.activity = Activity(
                self.world,
                per_minute,
                self.clock.now_ms(),
                random.Random(f"{self.settings.seed}:activity:{per_minute}"),
            )
        self.rtm.activity_changed()

    def visitor_writes(self, session_id: str, text: str) -> int:
        """The visitor of `session_id` sends `text` now (published like any visitor message);
        its fingerprint. Raises ApiError (404) for an unknown session."""
        with self.world.lock:
            self.world.conversation(session_id)
            message = visitor_message(
                self.world, self.world.rng, session_id, self.clock.now_ms(), text=text
            )
        return int(message["fingerprint"])

    def add_conversation(
        self, raw: dict[str, Any], messages: list[dict[str, Any]] | None = None
    ) -> str:
        return self.world.add_conversation(raw, messages)


class EmulatorApp(Starlette):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope[RAW_SEND] = send
        if scope["type"] in ("http", "websocket") and scope["path"].startswith(RTM_PATH):
            await self.state.emulator.rtm(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def create_app(settings: EmulatorSettings | None = None) -> Starlette:
    emulator = Emulator(settings or EmulatorSettings())
    api = CrispApi(emulator)
    app = EmulatorApp(
        routes=[
            *control_routes(),
            Route("/v1", api),
            Route("/v1/{rest:path}", api),
            Route(STORAGE_PATH + "{rest:path}", Storage(emulator), methods=["GET", "HEAD", "PUT"]),
            Route("/{rest:path}", not_found),
        ]
    )
    app.state.emulator = emulator
    return app
