"""`inbox list --view NAME` as a subprocess: built-in, saved (config file) and Crisp inbox views
from the same table as the app's tabs; an unknown name is one sentence and exit status 2."""

from __future__ import annotations

from collections.abc import Callable

from crisp_tui.emulator import EmulatorServer
from tests.support.cli import Result
from tests.test_config import write_config

Run = Callable[..., Result]
LIST_ROUTE = "GET /website/{website_id}/conversations/{page}"
INBOXES_ROUTE = "GET /website/{website_id}/inboxes/list/{page}"


def test_view_takes_saved_builtin_and_inbox_views(
    crisp_env: EmulatorServer, run_script: Run
) -> None:
    write_config('[[views]]\nname = "VIP queue"\nsegment = "vip"\nsort = "waiting"\n')
    stats = crisp_env.emulator.stats
    saved = run_script("inbox", "list", "--view", "vip QUEUE", "--json")  # any case
    assert saved.code == 0, saved.err
    rows = saved.json()
    assert rows and all("vip" in row["meta"]["segments"] and row["waiting_since"] for row in rows)
    waits = [row["waiting_since"] for row in rows]
    assert waits == sorted(waits)  # longest waiting first
    query = stats.queries(LIST_ROUTE)[-1]
    assert (query["search_type"], query["order_date_waiting"]) == ("segment", "1")
    assert stats.queries(INBOXES_ROUTE) == []  # a saved view needs no inbox list

    assert run_script("inbox", "list", "--view", "unassigned", "--json").code == 0
    assert stats.queries(LIST_ROUTE)[-1]["filter_unassigned"] == "1"

    sales = crisp_env.emulator.world.inboxes[0]
    inbox = run_script("inbox", "list", "--view", "Sales", "--json")
    assert inbox.code == 0, inbox.err
    assert inbox.json() and all(row["inbox_id"] == sales["inbox_id"] for row in inbox.json())
    assert stats.queries(LIST_ROUTE)[-1]["filter_inbox_id"] == sales["inbox_id"]


def test_an_unknown_view_lists_the_valid_names(crisp_env: EmulatorServer, run_script: Run) -> None:
    write_config('[[views]]\nname = "VIP queue"\nsegment = "vip"\n')
    result = run_script("inbox", "list", "--view", "nope")
    assert result.code == 2 and result.out == ""
    (line,) = result.err.splitlines()
    assert "There is no view 'nope': use one of open, unread, mine" in line
    assert line.endswith("VIP queue, Sales, Support.")
    both = run_script("inbox", "list", "--view", "open", "--filter", "mine")
    assert both.code == 2 and "not allowed with argument" in both.err
