"""Async client for the Crisp REST API v1 (httpx only; knows nothing of the UI)."""

from .client import ConversationQuery, CrispClient, new_fingerprint
from .errors import CrispError
from .models import Conversation, ConversationMeta, Message, MessageBatch, Operator, Website
from .transport import RetryPolicy
from .usage import RequestUsage

__all__ = [
    "Conversation",
    "ConversationMeta",
    "ConversationQuery",
    "CrispClient",
    "CrispError",
    "Message",
    "MessageBatch",
    "Operator",
    "RequestUsage",
    "RetryPolicy",
    "Website",
    "new_fingerprint",
]
