"""What the agent does with the messages of the open conversation, mixed into the main screen:
find (`f`), copy (`Y`), pipe (`|`), read in `$PAGER` (`V`), change (`c`, edit) and delete (`d`)
their own.

They act on the message under the cursor (j/k in the conversation, or n/N while finding); copy
and edit fall back to the newest message (for edit: the agent's newest text), pipe to the whole
transcript. Edits and deletions change Crisp only after a confirmation, like a send.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets.option_list import Option

from ...commands.render import content_lines
from ...commands.render import messages as transcript
from ...crisp.models import Message
from ...inbox.message_edits import refusal
from ..handoff import copy_text
from ..message_window import PAGE_MESSAGES, MessageWindow
from ..render.messages import message_links
from ..safe_text import clean, safe

if TYPE_CHECKING:
    from textual.app import App

    from ...inbox.inbox import Inbox
    from ..widgets.conversation_pane import ConversationPane
    from ..widgets.message_log import MessageLog
    from .confirm_send import SendRequest

EXCERPT_CHARS = 80


class MessageActions:
    """Mixed into MainScreen, which provides these."""

    inbox: Inbox
    open_id: str | None
    _window: MessageWindow

    if TYPE_CHECKING:

        @property
        def app(self) -> App[object]: ...
        @property
        def pane(self) -> ConversationPane: ...
        def _show_messages(self, session_id: str) -> None: ...
        def run_inbox(self, label: str, work: object, *, group: str) -> None: ...

    _last_pipe = ""  # the last command piped to, offered again

    def _say(self, text: str, severity: str = "information") -> None:
        self.app.notify(text, severity=severity, markup=False)  # type: ignore[arg-type]

    def _log(self) -> MessageLog | None:
        if self.open_id is None:
            self._say("Open a conversation first.", "warning")
            return None
        return self.pane.message_log

    def _visitor_name(self) -> str:
        conversation = self.inbox.conversation(self.open_id) if self.open_id else None
        return conversation.visitor_name if conversation else ""

    # --- find ---------------------------------------------------------------------------------

    async def action_find(self) -> None:
        if self._log() is None or self.open_id is None:
            return
        # Older messages already loaded are searched too: show every cached one.
        cached = self.inbox.count_messages(self.open_id)
        self._window = MessageWindow(size=max(PAGE_MESSAGES, cached))
        self._show_messages(self.open_id)
        await self.pane.start_find()

    # --- copy, pipe, pager --------------------------------------------------------------------

    def action_copy(self) -> None:
        log = self._log()
        if log is None or self.open_id is None:
            return
        message = log.selected_message or (log.messages[-1] if log.messages else None)
        links = message_links(message) if message else []
        options = []
        if message is not None:
            excerpt = " ".join(content_lines(message))
            options.append(Option(_labelled("Message: ", excerpt), id="message"))
        options += [Option(_labelled("Link: ", url), id=f"link{i}") for i, url in enumerate(links)]
        options.append(Option(_labelled("Session id: ", self.open_id), id="session"))
        from .picker import PickerScreen

        session_id = self.open_id

        def picked(choice: str | None) -> None:
            if choice == "message" and message is not None:
                text = "\n".join(content_lines(message))
                copy_text(self.app, text, "The message was", single_line=False)
            elif choice == "session":
                copy_text(self.app, session_id, "The session id was")
            elif choice and choice.startswith("link"):
                copy_text(self.app, links[int(choice.removeprefix("link"))], "The link was")

        hint = Content.styled("enter copies it to the terminal clipboard · escape", "$text-muted")
        self.app.push_screen(PickerScreen("Copy", hint, options), picked)

    def action_pipe(self, whole: bool = False) -> None:
        log = self._log()
        if log is None:
            return
        message = None if whole else log.selected_message
        if message is not None:
            text, what = "\n".join(content_lines(message)), "the message"
        else:
            text = transcript(log.messages, self._visitor_name()) + "\n"
            what = f"the transcript ({len(log.messages)} messages)"
        from .prompt import PromptScreen

        hint = Content.styled(
            f"Pipe {what} to a shell command (sh -c) · enter runs it · escape cancels",
            "$text-muted",
        )

        def answered(command: str | None) -> None:
            if command and command.strip():
                MessageActions._last_pipe = command
                from ..pipe import pipe_to

                pipe_to(self.app, command, text, what)

        self.app.push_screen(PromptScreen("Pipe", hint, self._last_pipe), answered)

    def action_pager(self) -> None:
        log = self._log()
        if log is not None:
            from ..pipe import show_in_pager

            show_in_pager(self.app, transcript(log.messages, self._visitor_name()) + "\n")

    # --- edit and delete own messages ---------------------------------------------------------

    def _own(self, message: Message | None, *, edit: bool) -> Message | None:
        if message is None:
            return None
        why_not = refusal(message, self.inbox.settings.operator_id or None, edit=edit)
        if why_not:
            self._say(why_not, "warning")
            return None
        return message

    def action_edit_message(self) -> None:
        log = self._log()
        if log is None:
            return
        message = log.selected_message
        me = self.inbox.settings.operator_id or None
        if message is None:  # the agent's newest text, as chat apps do
            message = next(
                (m for m in reversed(log.messages) if refusal(m, me, edit=True) is None), None
            )
            if message is None:
                self._say("There is no message of yours to edit here.", "warning")
                return
        if self._own(message, edit=True) is None:
            return
        if not isinstance(message.content, str):  # a malformed text message
            self._say("That message holds no text to edit; it can be deleted.", "warning")
            return
        from .confirm_send import MAX_SHOWN

        # As shown everywhere: no escape sequence reaches the terminal through the edit box.
        self._edit(message, clean(message.content, max_chars=MAX_SHOWN, max_lines=MAX_SHOWN))

    def _edit(self, message: Message, text: str) -> None:
        from .edit_message import EditMessageScreen

        session_id = self.open_id
        kind = "private note" if message.is_note else "reply"

        def reviewed(new_text: str | None) -> None:
            if new_text is None or session_id != self.open_id:
                return
            if not new_text.strip():
                self._say("The new text is empty: write something, or delete the message.")
                self._edit(message, new_text)
            elif new_text == message.content:
                self._say("Nothing changed.")
            else:
                self._confirm_edit(message, new_text)

        title = f"Edit your {kind}"
        self.app.push_screen(EditMessageScreen(text, title=title, note=message.is_note), reviewed)

    def _confirm_edit(self, message: Message, new_text: str) -> None:
        from .confirm_change import ConfirmEditScreen

        session_id = self.open_id
        if session_id is None:
            return

        def answered(change: bool | None) -> None:
            if not change:  # back to editing, the text intact
                self._edit(message, new_text)
                return

            async def work() -> None:
                if await self.inbox.message_edits.edit(session_id, message.fingerprint, new_text):
                    self._say("Message edited.")

            self.run_inbox("editing", work, group="action")

        self.app.push_screen(ConfirmEditScreen(self._request(message, new_text)), answered)

    def action_delete_message(self) -> None:
        log = self._log()
        if log is None:
            return
        message = log.selected_message
        if message is None:
            self._say(
                "Put the cursor on the message first: j/k in the conversation move from "
                "message to message.",
                "warning",
            )
            return
        if self._own(message, edit=False) is None or self.open_id is None:
            return
        from .confirm_change import ConfirmDeleteScreen

        session_id = self.open_id
        shown = "\n".join(content_lines(message))

        def answered(delete: bool | None) -> None:
            if delete:

                async def work() -> None:
                    if await self.inbox.message_edits.delete(session_id, message.fingerprint):
                        self._say("Message deleted.")

                self.run_inbox("deleting", work, group="action")

        self.app.push_screen(ConfirmDeleteScreen(self._request(message, shown)), answered)

    def _request(self, message: Message, text: str) -> SendRequest:
        from .confirm_send import SendRequest

        conversation = self.inbox.conversation(self.open_id) if self.open_id else None
        name, email = (
            (conversation.display_name, conversation.meta.email) if conversation else ("", "")
        )
        return SendRequest("note" if message.is_note else "reply", name, email, text)


def _labelled(label: str, text: str) -> Content:
    return Content.assemble(
        Content.styled(label, "bold"), safe(text, max_chars=EXCERPT_CHARS, single_line=True)
    )
