"""Request body checks, strict where Crisp is strict: each failure is 400 invalid_data."""

from __future__ import annotations

from typing import Any

from crisp_tui.emulator.envelope import ApiError


def invalid(message: str) -> ApiError:
    """Crisp's validator output: the failed rule, then what it tried (often long)."""
    return ApiError(
        400, "invalid_data", f"{message}, data should match some schema in anyOf", "body"
    )


def require_object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise invalid("body must be a JSON object")
    return body


def choice(body: dict[str, Any], name: str, allowed: tuple[str, ...]) -> str:
    value = body.get(name)
    if value not in allowed:
        options = ", ".join(allowed)
        raise invalid(f"data.{name} should be equal to one of the allowed values ({options})")
    return str(value)


def origin(body: dict[str, Any]) -> str:
    value = body.get("origin")
    if not isinstance(value, str) or not (value in ("chat", "email") or value.startswith("urn:")):
        raise invalid("origin is required: chat, email or urn:…")
    return value


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def optional(body: dict[str, Any], name: str, kind: type) -> Any:
    value = body.get(name)
    if value is None:
        return None
    fits = (
        isinstance(value, bool)
        if kind is bool
        else (isinstance(value, kind) and not isinstance(value, bool))
    )
    if not fits:
        raise invalid(f"{name} must be of type {kind.__name__}")
    return value


def fingerprints(body: dict[str, Any]) -> list[int] | None:
    value = body.get("fingerprints")
    if value is None:
        return None
    if not isinstance(value, list) or not all(is_int(v) for v in value):
        raise invalid("fingerprints must be a list of integers")
    return value


def string_list(body: dict[str, Any], name: str) -> list[str] | None:
    value = body.get(name)
    if value is not None and (
        not isinstance(value, list) or not all(isinstance(v, str) for v in value)
    ):
        raise invalid(f"{name} must be a list of strings")
    return value


def assigned(body: dict[str, Any], operator_ids: set[str]) -> str | None:
    """`assigned` of a routing body: `{"user_id": <an operator>}`, or null to unassign."""
    if "assigned" not in body:
        raise invalid("assigned is required (an object with user_id, or null)")
    value = body["assigned"]
    if value is None:
        return None
    user_id = value.get("user_id") if isinstance(value, dict) else None
    if user_id not in operator_ids:
        raise invalid("assigned.user_id must be an operator of this website")
    return str(user_id)


# Keys each structured content type must carry (the official clients' "New…Content" shapes).
CONTENT_KEYS: dict[str, tuple[str, ...]] = {
    "file": ("name", "url", "type"),
    "animation": ("url", "type"),
    "audio": ("url", "type", "duration"),
    "picker": ("id", "text", "choices"),
    "field": ("id", "text", "explain"),
    "carousel": ("text", "targets"),
    "event": ("namespace",),
}


def content(type_: str, value: Any) -> Any:
    if type_ in ("text", "note"):
        if not isinstance(value, str) or not value.strip():
            raise invalid("content must be a non-empty string")
        return value
    if not isinstance(value, dict):
        raise invalid(f"content of a {type_} message must be an object")
    missing = [key for key in CONTENT_KEYS[type_] if key not in value]
    if missing:
        raise invalid(f"content of a {type_} message lacks {', '.join(missing)}")
    return value


META_STRINGS = ("nickname", "email", "phone", "address", "subject", "ip", "avatar", "origin")
META_OBJECTS = ("data", "device", "connection")


def meta_changes(body: Any) -> dict[str, Any]:
    body = require_object(body)
    for name, value in body.items():
        if name in META_STRINGS:
            if not isinstance(value, str):
                raise invalid(f"{name} must be a string")
        elif name in META_OBJECTS:
            if not isinstance(value, dict):
                raise invalid(f"{name} must be an object")
        elif name == "segments":
            string_list(body, name)
        else:
            raise invalid(f"unknown meta field {name}")
    email = body.get("email")
    if email and ("@" not in email or "." not in email.rpartition("@")[2]):
        raise invalid("email is not a valid address")
    return body
