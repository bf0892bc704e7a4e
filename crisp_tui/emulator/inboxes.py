"""`GET /website/{w}/inboxes/list/{page}`: the website's inboxes (node-crisp-api
`WebsiteInbox.listInboxes`, go-crisp-api `ListInboxes`; shape in docs/crisp-api.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from crisp_tui.emulator.envelope import ApiError, success
from crisp_tui.emulator.seed_data import INBOX_DETAILS

if TYPE_CHECKING:
    from crisp_tui.emulator.routes import Call

# Crisp documents no page size for this route; the emulator serves this many per page.
PER_PAGE = 20


def seeded_inboxes(created_at: int) -> list[dict[str, Any]]:
    """The seeded inboxes, as Crisp lists them (`operators: []` means every operator)."""
    return [
        {
            "inbox_id": inbox_id,
            "name": name,
            "emoji": emoji,
            "order": order,
            "operators": [],
            "conditions": [],
            "created_at": created_at,
            "updated_at": created_at,
        }
        for order, (inbox_id, name, emoji) in enumerate(INBOX_DETAILS, 1)
    ]


def list_inboxes(call: Call) -> Response:
    page = int(call.params["page"])
    if page < 1:
        raise ApiError(400, "invalid_data", "page number must be 1 or more", "query")
    inboxes = call.world.inboxes
    return success(inboxes[(page - 1) * PER_PAGE : page * PER_PAGE])
