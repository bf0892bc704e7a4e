"""Style names for rendered Crisp content. They name theme variables, so every Textual theme
applies; they are resolved when a widget renders the `Content`."""

from __future__ import annotations

VISITOR = "$text-secondary"
OPERATOR = "$text-primary"
OPERATOR_BLOCK = "on $boost"
NOTE_BLOCK = "on $warning-muted"
NOTE_LABEL = "bold $text-warning"
MUTED = "$foreground-muted"
EVENT = "italic $foreground-muted"
LABEL = "bold"
HEADING = "bold $text-primary"
URL = "$text-accent"
CHOSEN = "bold $text-success"
READ = "$text-success"
MENTION = "bold $text-accent"
WARNING = "$text-warning"

STATE = {
    "unresolved": "bold $text-error",
    "pending": "bold $text-warning",
    "resolved": "bold $text-success",
}

SELECTED = "bold reverse"  # the header of the message under the cursor
FIND_MATCH = "reverse"  # text found by the in-conversation search
FIND_CURRENT = "bold reverse $text-warning"  # the match n/N is on
