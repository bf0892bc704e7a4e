"""The attachment keys of the main screen: save a file (`w`), preview an image (`i`), send a file
(`F`). Each picks or asks first, then runs the inbox's work in a worker; every outcome is one
sentence. Opening an attachment is the link picker's job (`o`): its URLs are among the links.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.content import Content

from ..crisp.errors import CrispError, FileTransferError, UnconfirmedSendError
from ..crisp.files import human_size
from ..crisp.uploads import read_local_file
from ..inbox import attachments as files
from .safe_text import clean

if TYPE_CHECKING:
    from textual.app import App
    from textual.notifications import SeverityLevel

    from ..crisp.live import LiveSocket
    from ..crisp.uploads import LocalFile
    from .screens.main import MainScreen


class AttachmentFlows:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self._sending: set[str] = set()  # conversations with a file on its way

    @property
    def app(self) -> App[object]:
        return self.screen.app

    def _notify(self, text: str, severity: SeverityLevel = "information") -> None:
        # Names in it came from a visitor (or the agent's disk): cleaned like any message.
        self.app.notify(clean(text, max_chars=600), severity=severity, markup=False)

    def _attachments(self, images_only: bool) -> list[files.Attachment] | None:
        if self.screen.open_id is None:
            self._notify("Open a conversation first.", "warning")
            return None
        found = files.attachments(self.screen.pane.message_log.messages)
        if images_only:
            images = [item for item in found if item.is_image]
            if not images:
                why = " (its files are not images: w saves them)" if found else ""
                self._notify(f"No image in this conversation{why}.")
                return None
            return images
        if not found:
            self._notify("No file in this conversation.")
            return None
        return found

    # --- save ---------------------------------------------------------------------------------

    def save(self) -> None:
        from .screens.attachment_picker import AttachmentPicker

        found = self._attachments(images_only=False)
        if found is None:
            return
        directory = files.download_dir(self.screen.inbox.settings.download_dir)
        hint = f"saves it in {clean(files.shown_path(directory), single_line=True)}"

        def picked(index: str | None) -> None:
            if index is not None:
                self._save(found[int(index)])

        self.app.push_screen(AttachmentPicker("Save a file", hint, found), picked)

    def _save(self, attachment: files.Attachment) -> None:
        screen, name = self.screen, attachment.file_name
        directory = files.download_dir(screen.inbox.settings.download_dir)
        label = f"saving {name}"

        def progress(done: int, total: int | None) -> None:
            share = f" {done * 100 // total}%" if total else f" {human_size(done)}"
            screen.status_bar.busy = label + share

        async def work() -> None:
            try:
                saved = await files.save(screen.inbox.client, attachment, directory, progress)
            except CrispError as error:
                self._notify(f"Could not save {name}: {error}", "error")
                return
            where = files.shown_path(saved.path)
            self._notify(f"Saved {name} ({human_size(saved.size)}) to {where}")

        screen.run_inbox(label, work, group="attachment")

    # --- preview ------------------------------------------------------------------------------

    def preview(self) -> None:
        from .screens.attachment_picker import AttachmentPicker
        from .screens.image_preview import ImagePreviewScreen

        found = self._attachments(images_only=True)
        if found is None:
            return
        inbox = self.screen.inbox

        def picked(index: str | None) -> None:
            if index is not None:
                self.app.push_screen(ImagePreviewScreen(inbox, found[int(index)]))

        self.app.push_screen(AttachmentPicker("Preview an image", "shows it here", found), picked)

    # --- send ---------------------------------------------------------------------------------

    def send(self, socket: LiveSocket | None, path: str = "") -> None:
        """Ask for the path (again, as typed, after a wrong one or a `n`), then confirm."""
        from .screens.prompt import PromptScreen
        from .screens.send_file import ConfirmFileScreen, recipient

        screen = self.screen
        session_id = screen.open_id
        conversation = screen.inbox.conversation(session_id) if session_id else None
        if session_id is None or conversation is None:
            self._notify("Open a conversation first.", "warning")
            return
        if session_id in self._sending:
            self._notify("A file is already on its way to this conversation: wait for it.")
            return
        name, email = conversation.display_name, conversation.meta.email

        def confirmed(typed: str, file: LocalFile, yes: bool | None) -> None:
            if yes:
                self._send(socket, session_id, name, file)
            else:
                self.send(socket, typed)

        def answered(typed: str | None) -> None:
            if typed is None:
                return
            try:
                file = read_local_file(Path(typed.strip() or "."))
            except FileTransferError as error:
                self._notify(str(error), "warning")
                self.send(socket, typed)
                return
            self.app.push_screen(
                ConfirmFileScreen(name, email, file), lambda yes: confirmed(typed, file, yes)
            )

        hint = Content.assemble(
            recipient(name, email),
            "\n",
            Content.styled(
                "the path of the file (~ works) · enter reviews it · escape cancels", "$text-muted"
            ),
        )
        self.app.push_screen(PromptScreen("Send a file", hint, path), answered)

    def _send(self, socket: LiveSocket | None, session_id: str, name: str, file: LocalFile) -> None:
        label = clean(f"sending {file.name}", single_line=True, max_chars=80)
        self._sending.add(session_id)

        async def work() -> None:
            try:
                await files.send_file(self.screen.inbox, socket, session_id, file)
            except UnconfirmedSendError as error:  # it may still arrive: not "not sent"
                self._notify(f"{file.name}: {error}", "warning")
                return
            except CrispError as error:
                self._notify(f"{file.name} was not sent: {error}", "error")
                return
            finally:
                self._sending.discard(session_id)
            self._notify(f"Sent {file.name} ({human_size(file.size)}) to {name}")

        self.screen.run_inbox(label, work, group="attachment")
