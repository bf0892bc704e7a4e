"""The client against the emulator over real HTTP on loopback: every endpoint, paging, every
error class, and each fault (retries where safe, never a blind POST retry, exactly-once send)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from crisp_tui.crisp import errors
from crisp_tui.crisp.client import ConversationQuery, CrispClient
from crisp_tui.crisp.credentials import Credentials
from crisp_tui.crisp.models import FileContent, UnknownContent
from crisp_tui.crisp.transport import RetryPolicy, error_for
from tests.support.emulator import longest_session, tie_on_a_batch_boundary, visitor_writes


async def no_wait(_: float) -> None:
    return None


def make_client(server, *, timeout: float = 5.0, **overrides) -> CrispClient:
    settings = server.settings
    credentials = Credentials(
        overrides.get("website_id", settings.website_id),
        overrides.get("token_id", settings.token_id),
        overrides.get("token_key", settings.token_key),
        overrides.get("tier", settings.tier),
    )
    return CrispClient(
        credentials,
        api_url=server.base_url,
        timeout=timeout,
        retry=RetryPolicy(attempts=3),
        sleep=no_wait,
    )


@pytest.fixture
async def client(emulator_server):
    async with make_client(emulator_server) as client:
        yield client


@pytest.fixture
def emulator(emulator_server):
    return emulator_server.emulator


def posted(emulator, session_id: str) -> list[int]:
    return [
        m["fingerprint"]
        for m in emulator.world.messages[session_id]
        if m.get("from") == "operator" and m.get("type") in ("text", "note")
    ]


async def first_open_session(client: CrispClient) -> str:
    rows = await client.list_conversations(1, ConversationQuery(not_resolved=True))
    return rows[0].session_id


# --- reading -------------------------------------------------------------------------------


async def test_website_and_operators(client, emulator_server):
    website = await client.get_website()
    assert website.website_id == emulator_server.settings.website_id
    assert website.name
    operators = await client.list_operators()
    assert len(operators) >= 2
    assert all(op.user_id and op.display_name for op in operators)


async def test_conversation_pages_walk_to_an_empty_page(client, emulator):
    total = len(emulator.world.conversations)
    seen: list[str] = []
    page = 1
    while rows := await client.list_conversations(
        page, ConversationQuery(order="", include_empty=True), per_page=50
    ):
        assert len(rows) <= 50
        seen += [row.session_id for row in rows]
        page += 1
    assert len(seen) == len(set(seen)) == total


async def test_per_page_is_clamped_and_order_updated_is_newest_first(client):
    rows = await client.list_conversations(1, per_page=500)
    assert len(rows) == 50
    stamps = [row.updated_at for row in rows]
    assert stamps == sorted(stamps, reverse=True)


@pytest.mark.parametrize(
    ("query", "check"),
    [
        (ConversationQuery(not_resolved=True), lambda c: c.state != "resolved"),
        (ConversationQuery(resolved=True), lambda c: c.state == "resolved"),
        (ConversationQuery(unread=True), lambda c: c.unread_operator > 0),
        (ConversationQuery(unassigned=True), lambda c: c.assigned_user_id is None),
    ],
)
async def test_filters_select_what_they_say(client, query, check):
    rows = await client.list_conversations(1, query, per_page=50)
    assert rows and all(check(row) for row in rows)


async def test_assigned_filter_and_text_search(client):
    operator = (await client.list_operators())[0]
    mine = await client.list_conversations(1, ConversationQuery(assigned=operator.user_id))
    assert mine and {row.assigned_user_id for row in mine} == {operator.user_id}
    target = next(row for row in await client.list_conversations(1) if row.meta.nickname)
    found = await client.list_conversations(1, ConversationQuery(search=target.meta.nickname))
    assert target.session_id in {row.session_id for row in found}


async def test_get_exists_and_unknown_session(client):
    session_id = await first_open_session(client)
    conversation = await client.get_conversation(session_id)
    assert conversation.session_id == session_id
    assert await client.conversation_exists(session_id)
    assert not await client.conversation_exists("session_00000000-0000-0000-0000-000000000000")
    with pytest.raises(errors.NotFoundError) as caught:
        await client.get_conversation("session_00000000-0000-0000-0000-000000000000")
    assert "session id" in str(caught.value)


async def test_message_batches_page_back_with_206_until_200(client, emulator):
    session_id = longest_session(emulator)
    newest = await client.get_messages(session_id)
    assert newest.has_more
    stamps = [m.timestamp for m in newest.messages]
    assert stamps == sorted(stamps)
    older = await client.get_messages(session_id, newest.oldest_timestamp)
    assert max(m.timestamp for m in older.messages) < newest.oldest_timestamp
    walked, has_more = await client.walk_messages(session_id, 150)
    assert len(walked) == 150 == len({m.fingerprint for m in walked})
    assert has_more
    assert walked[-1].fingerprint == newest.messages[-1].fingerprint


async def test_walking_a_short_conversation_ends_with_200(client, emulator):
    sizes = {sid: len(msgs) for sid, msgs in emulator.world.messages.items()}
    session_id = min((sid for sid, size in sizes.items() if size > 40), key=sizes.__getitem__)
    walked, has_more = await client.walk_messages(session_id, 10_000)
    assert len(walked) == sizes[session_id]
    assert not has_more


async def test_every_message_type_parses(client, emulator):
    types = set()
    for session_id in list(emulator.world.messages)[:400]:
        if not {m.get("type") for m in emulator.world.messages[session_id]} - types:
            continue
        batch = await client.get_messages(session_id)
        for message in batch.messages:
            types.add(message.type)
            if message.type == "file":
                assert isinstance(message.content, FileContent)
            if message.type not in (
                "text",
                "note",
                "file",
                "animation",
                "audio",
                "picker",
                "field",
                "carousel",
                "event",
            ):
                assert isinstance(message.content, UnknownContent)
    assert {"text", "note", "file", "audio", "picker", "field", "carousel", "event"} <= types


# --- writing -------------------------------------------------------------------------------


async def test_send_reply_and_note_with_client_fingerprint(client, emulator):
    session_id = await first_open_session(client)
    reply = await client.send_message(session_id, "Hello from the test")
    note = await client.send_message(session_id, "internal", note=True)
    assert reply > 2**32 and note > 2**32
    found = await client.get_message(session_id, reply)
    assert found and found.content == "Hello from the test" and found.sender == "operator"
    assert (await client.get_message(session_id, note)).type == "note"
    assert posted(emulator, session_id)[-2:] == [reply, note]


async def test_read_unread_state_meta_routing_block(client):
    session_id = await first_open_session(client)
    await client.mark_read(session_id)
    assert (await client.get_conversation(session_id)).unread_operator == 0
    await client.mark_unread(session_id)
    await client.mark_delivered(session_id)
    await client.set_composing(session_id, True)

    for state in ("pending", "resolved", "unresolved"):
        await client.set_state(session_id, state)
        assert await client.get_state(session_id) == state
    with pytest.raises(errors.InvalidDataError):
        await client.set_state(session_id, "archived")

    await client.update_meta(session_id, {"subject": "Refund request"})
    assert (await client.get_meta(session_id)).subject == "Refund request"

    operator = (await client.list_operators())[0]
    await client.assign(session_id, operator.user_id)
    assert await client.get_assigned(session_id) == operator.user_id
    await client.assign(session_id, None)
    assert await client.get_assigned(session_id) is None

    await client.set_blocked(session_id, True)
    assert await client.is_blocked(session_id)
    await client.set_blocked(session_id, False)


async def test_delete_conversation(client):
    session_id = await first_open_session(client)
    await client.delete_conversation(session_id)
    assert not await client.conversation_exists(session_id)


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("override", "error"),
    [
        ({"token_key": "wrong-key-sentinel"}, errors.AuthenticationError),
        ({"tier": "user"}, errors.AuthenticationError),
        ({"website_id": "00000000-0000-0000-0000-000000000000"}, errors.NotSubscribedError),
    ],
)
async def test_credential_errors_are_typed_and_never_echo_the_key(emulator_server, override, error):
    async with make_client(emulator_server, **override) as client:
        with pytest.raises(error) as caught:
            await client.list_conversations()
    text = f"{caught.value} {caught.value!r} {client!r}"
    assert emulator_server.settings.token_key not in text
    assert "wrong-key-sentinel" not in text


async def test_invalid_data_carries_the_server_message(client, emulator_server):
    session_id = await first_open_session(client)
    with pytest.raises(errors.InvalidDataError) as caught:
        await client._transport.request(
            "PATCH", client._conversation(session_id, "read"), body={"from": "user"}
        )
    assert "invalid" in str(caught.value)


async def test_dead_network_is_a_network_error(emulator_server):
    server_url = emulator_server.base_url
    emulator_server.__exit__(None, None, None)
    async with make_client(emulator_server) as client:
        with pytest.raises(errors.NetworkError) as caught:
            await client.get_website()
    assert not caught.value.maybe_stored
    assert server_url.split("//")[1].split("/")[0] not in emulator_server.settings.token_key


# --- faults --------------------------------------------------------------------------------


def route_count(emulator, method: str, fragment: str) -> int:
    return sum(
        count
        for route, count in emulator.stats.to_dict()["requests"].items()
        if route.startswith(method) and fragment in route
    )


@pytest.mark.parametrize("fault", ["503", "html:502", "429", "420", "drop"])
async def test_idempotent_calls_are_retried_after_transient_faults(client, emulator, fault):
    emulator.set_faults(script=[fault], match="^GET /website/[^/]+$")
    website = await client.get_website()
    assert website.name
    assert emulator.gate.applied  # the fault really happened


async def test_retries_give_up_after_the_policy(client, emulator):
    emulator.set_faults(script=["503", "503", "503"], match="^GET /website/[^/]+$")
    with pytest.raises(errors.ServerError):
        await client.get_website()


async def test_quota_is_not_retried(client, emulator):
    emulator.set_faults(daily_quota=1)
    await client.get_website()
    used = client.usage.count
    with pytest.raises(errors.QuotaExceededError) as caught:
        await client.list_operators()
    assert client.usage.count == used + 1
    assert "quota" in str(caught.value)


async def test_a_refused_post_is_not_retried(client, emulator):
    session_id = await first_open_session(client)
    emulator.set_faults(script=["429"], match="^POST ")
    with pytest.raises(errors.RateLimitedError):
        await client.send_message(session_id, "once")
    assert not any(m.get("content") == "once" for m in emulator.world.messages[session_id])


@pytest.mark.parametrize("fault", ["503", "drop", "html:502"])
async def test_post_lost_before_storing_is_sent_again_after_a_look(client, emulator, fault):
    session_id = await first_open_session(client)
    emulator.set_faults(script=[fault], match="^POST ")
    fingerprint = await client.send_message(session_id, "lost then sent")
    assert posted(emulator, session_id).count(fingerprint) == 1


@pytest.mark.parametrize("fault", ["503", "drop", "slow"])
async def test_post_stored_then_failed_is_never_sent_twice(emulator_server, emulator, fault):
    async with make_client(emulator_server, timeout=0.5) as client:
        session_id = await first_open_session(client)
        emulator.set_faults(commit_then_fail=[fault], slow_ms=2000)
        fingerprint = await client.send_message(session_id, "exactly once")
    assert posted(emulator, session_id).count(fingerprint) == 1
    assert route_count(emulator, "POST", "/message") == 1


async def test_a_file_message_is_posted_at_most_once(emulator_server, emulator):
    """A stored-then-failed POST is found and not reposted; a POST lost before storing is not
    posted again either (it says so instead: it may still arrive)."""
    file = {"name": "a.pdf", "url": f"{emulator_server.origin}/storage/files/x/a.pdf"}
    file["type"] = "application/pdf"
    async with make_client(emulator_server) as client:
        session_id = await first_open_session(client)
        emulator.set_faults(commit_then_fail=["503"])
        stored = await client.send_file(session_id, file)
        emulator.set_faults(script=["drop"], match="^POST ")
        with pytest.raises(errors.UnconfirmedSendError, match="look at the conversation"):
            await client.send_file(session_id, file)
    files = [m["fingerprint"] for m in emulator.world.messages[session_id] if m["type"] == "file"]
    assert files.count(stored) == 1
    assert route_count(emulator, "POST", "/message") == 2  # one attempt each, never a second


async def test_requests_are_counted_per_day(client):
    await client.get_website()
    await client.list_operators()
    assert client.usage.count == 2


def test_client_repr_and_credentials_hide_the_key(emulator_server):
    client = make_client(emulator_server)
    credentials = Credentials("w", "id", "very-secret-key")
    assert "very-secret-key" not in repr(credentials)
    assert emulator_server.settings.token_key not in repr(client)


async def test_a_send_with_an_unknown_outcome_backs_off_before_looking(emulator_server, emulator):
    waits: list[float] = []

    async def waited(seconds: float) -> None:
        waits.append(seconds)

    async with make_client(emulator_server) as client:
        client._transport._sleep = waited
        session_id = await first_open_session(client)
        emulator.set_faults(script=["503", "503"], match="^POST ")
        fingerprint = await client.send_message(session_id, "after a pause")
    assert posted(emulator, session_id).count(fingerprint) == 1
    assert len(waits) == 2 and all(wait > 0 for wait in waits)


# --- every failure is typed ------------------------------------------------------------------


@pytest.mark.parametrize("fault", ["deep", "badgzip"])
async def test_a_garbled_answer_is_a_malformed_response(client, emulator, fault):
    emulator.set_faults(script=[fault], match="^GET /website/[^/]+$")
    with pytest.raises(errors.MalformedResponseError):
        await client.get_website()
    assert emulator.gate.applied


async def test_a_search_too_long_for_a_url_is_refused_before_sending(client, emulator):
    with pytest.raises(errors.InvalidRequestError) as caught:
        await client.list_conversations(1, ConversationQuery(search="x" * 70_000))
    assert "shorten the search" in str(caught.value)
    assert not route_count(emulator, "GET", "/conversations")


@pytest.mark.parametrize("session_id", [".", "..", "/", "", "a/b", "a\nb"])
async def test_an_id_that_is_not_one_path_segment_is_refused_before_any_request(
    client, emulator, session_id
):
    with pytest.raises(errors.InvalidIdError) as caught:
        await client.set_state(session_id, "resolved")
    assert "not a valid Crisp id" in str(caught.value)
    assert not emulator.stats.to_dict()["requests"]


async def test_a_website_id_that_is_not_one_path_segment_is_refused(emulator_server):
    async with make_client(emulator_server, website_id="..") as client:
        with pytest.raises(errors.InvalidIdError):
            await client.list_conversations()
    assert not emulator_server.emulator.stats.to_dict()["requests"]


@pytest.mark.parametrize("fault", ["404", "408", "409", "499"])
async def test_a_post_stored_then_refused_is_looked_up_not_reported_lost(
    emulator_server, emulator, fault
):
    async with make_client(emulator_server) as client:
        session_id = await first_open_session(client)
        emulator.set_faults(commit_then_fail=[fault])
        fingerprint = await client.send_message(session_id, "stored, then an odd answer")
    assert posted(emulator, session_id).count(fingerprint) == 1
    assert route_count(emulator, "POST", "/message") == 1


async def test_a_post_to_a_missing_conversation_is_not_found_after_a_look(client, emulator):
    with pytest.raises(errors.NotFoundError):
        await client.send_message("session_00000000-0000-0000-0000-000000000000", "nobody")


@pytest.mark.parametrize("variable", ["HTTP_PROXY", "ALL_PROXY", "http_proxy"])
async def test_a_plain_http_url_never_goes_through_a_proxy(emulator_server, monkeypatch, variable):
    # A proxy that is not there: any request sent through it fails to connect.
    monkeypatch.setenv(variable, "http://127.0.0.1:9")
    async with make_client(emulator_server) as client:
        assert (await client.get_website()).name


# --- fidelity with the real Crisp API (docs/crisp-api.md) ------------------------------------


async def test_walking_back_never_skips_a_message_tied_on_a_batch_boundary(client, emulator):
    session_id = longest_session(emulator)
    at, tied = tie_on_a_batch_boundary(emulator, session_id)
    newest = await client.get_messages(session_id)
    assert newest.oldest_timestamp == at  # some of the tie in this batch, some in the next
    walked, _ = await client.walk_messages(session_id, 120)
    fingerprints = [m.fingerprint for m in walked]
    assert set(tied) <= set(fingerprints) and len(fingerprints) == len(set(fingerprints)) == 120
    expected = [m["fingerprint"] for m in emulator.world.messages[session_id][-120:]]
    assert sorted(fingerprints) == sorted(expected)


async def test_new_messages_since_a_timestamp_include_its_ties(client, emulator):
    session_id = longest_session(emulator)
    history = emulator.world.messages[session_id]
    newest = history[-1]["timestamp"]
    visitor_writes(emulator, session_id, "same instant", fingerprint=newest * 100 + 77, after_ms=0)
    visitor_writes(emulator, session_id, "later", fingerprint=newest * 100 + 99_000)
    batch = await client.get_new_messages(session_id, newest)
    assert [m.timestamp >= newest for m in batch.messages] == [True] * 3
    assert {"same instant", "later"} <= {m.content for m in batch.messages}
    assert not batch.has_more


async def test_waiting_order_keeps_only_waiting_longest_first(client, emulator):
    rows = await client.list_conversations(1, ConversationQuery(order="waiting"), per_page=50)
    assert rows and all(row.waiting_since for row in rows)
    waits = [row.waiting_since for row in rows]
    assert waits == sorted(waits)


async def test_date_filters_compare_the_update_date(client, emulator):
    everything = await client.list_conversations(1, ConversationQuery(), per_page=50)
    cut = sorted(row.updated_at for row in everything)[len(everything) // 2]
    iso = datetime.fromtimestamp(cut / 1000, tz=timezone.utc).isoformat()
    recent = await client.list_conversations(1, ConversationQuery(date_start=iso), per_page=50)
    assert recent and all(row.updated_at >= cut for row in recent)


async def test_real_and_legacy_fingerprints_and_missing_flags_parse(client, emulator):
    legacy_session = next(
        sid
        for sid, history in emulator.world.messages.items()
        if history and history[0]["fingerprint"] < 0 and len(history) <= 40
    )
    messages = (await client.get_messages(legacy_session)).messages
    legacy = messages[0]
    assert legacy.fingerprint < 0 and not legacy.read and legacy.mentions == ()
    assert all(abs(m.fingerprint) < 2**53 for m in messages)
    assert all(abs(m.fingerprint) // 100 == m.timestamp for m in messages)


async def test_invalid_data_is_one_short_sentence_and_keeps_crisps_words(client):
    session_id = await first_open_session(client)
    with pytest.raises(errors.InvalidDataError) as caught:
        await client.set_blocked(session_id, "yes")  # type: ignore[arg-type]
    error = caught.value
    assert str(error).startswith("Crisp refused the request as invalid: ")
    assert "anyOf" not in str(error) and "\n" not in str(error)
    assert "data should match some schema in anyOf" in error.detail


async def test_not_subscribed_says_the_plugin_is_not_installed(emulator_server):
    async with make_client(emulator_server, website_id="00000000-0000-4000-8000-000000000000") as c:
        with pytest.raises(errors.NotSubscribedError) as caught:
            await c.get_website()
    assert "plugin is not installed on that website" in str(caught.value)


async def test_the_website_and_operators_have_their_real_shapes(client):
    website = await client.get_website()
    assert website.logo is None and website.verified and not website.institutional
    operators = await client.list_operators()
    assert all(op.user_id and op.role and op.availability for op in operators)


async def test_a_looked_up_message_must_be_the_one_asked_for(client, emulator):
    session_id = await first_open_session(client)
    other = next(sid for sid in emulator.world.conversations if sid != session_id)
    # A copy of another conversation's message stored here (as a cache or proxy might serve).
    foreign = {**emulator.world.messages[other][-1], "fingerprint": 2**45 + 3}
    emulator.world.append(session_id, foreign)
    assert await client.get_message(session_id, 2**45 + 3) is None
    assert not await client.find_message(session_id, 2**45 + 3)


async def test_a_404_with_an_unusual_reason_over_http_means_no_such_conversation(client, emulator):
    session_id = await first_open_session(client)
    emulator.set_faults(script=["404:session_not_found"], match="/conversation/[^/]+$")
    with pytest.raises(errors.NotFoundError) as caught:
        await client.get_conversation(session_id)
    assert caught.value.reason == "session_not_found"
    assert "no such conversation" in str(caught.value)


@pytest.mark.parametrize(
    "reason", ["not_found", "session_not_found", "invalid_data", "not_allowed", ""]
)
def test_a_404_that_is_not_not_subscribed_means_no_such_thing(reason):
    envelope = {"error": True, "reason": reason, "data": {}}
    assert type(error_for(404, envelope)) is errors.NotFoundError
    subscribed = {"error": True, "reason": "not_subscribed", "data": {}}
    assert type(error_for(404, subscribed)) is errors.NotSubscribedError
