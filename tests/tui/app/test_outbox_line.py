"""The outbox lines under the messages: every reply not sent yet is accounted for on screen."""

from __future__ import annotations

import pytest

from crisp_tui.tui.widgets.outbox_line import OutboxLine

from .conftest import SIZE
from .pilot import press, settle


@pytest.mark.parametrize(("queued", "summary"), [(3, ""), (5, "… and 3 more not sent yet")])
async def test_queued_replies_are_never_cut_off(make_app, queued, summary):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        session_id = app.main.open_id
        for n in range(queued):
            app.inbox.outbox.queue(
                session_id, f"Reply {n} " + "and a long explanation " * 9, "reply"
            )
        await settle(pilot)
        outbox = app.query_one("#outbox", OutboxLine)
        shown = [outbox.render_line(y).text for y in range(outbox.size.height)]
        replies = [line for line in shown if line.strip().startswith("queued reply: Reply ")]
        assert len(shown) == 3  # one line each, unwrapped
        assert len(replies) == (3 if not summary else 2)
        assert summary in shown[2]
