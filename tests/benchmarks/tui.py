"""The real app, headless, on the in-process emulator, and showing a given set of rows."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import httpx
from httpx_ws.transport import ASGIWebSocketTransport
from starlette.applications import Starlette
from textual.pilot import Pilot

from crisp_tui.crisp.models import Conversation
from crisp_tui.inbox.events import ConversationsChanged
from crisp_tui.tui.app import CrispApp, InboxUpdated, create_app

from .data import app_settings
from .headless import painted, settle


def in_process_app(
    emulator: Starlette, store_path: Path, *, poll: bool = False, **settings: object
) -> CrispApp:
    """The real app on the in-process emulator (ASGI transport: no port, no thread)."""
    return create_app(
        app_settings(**settings),
        transport=httpx.ASGITransport(app=emulator),
        store_path=store_path,
        poll=poll,
        socket_transport=lambda: ASGIWebSocketTransport(emulator),
    )


async def show_rows(pilot: Pilot[object], rows: Sequence[Conversation]) -> None:
    """Make `rows` the inbox's rows, as after paging through them, and let the list repaint."""
    app = pilot.app
    assert isinstance(app, CrispApp)
    app.inbox.rows = list(rows)
    app.post_message(InboxUpdated(ConversationsChanged()))
    await settle(pilot)
    await painted(app)
