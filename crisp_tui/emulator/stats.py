"""What the emulator saw: request counts per route, every POSTed message (exactly-once tests) and
every write's body (what a batch sent, exactly)."""

from __future__ import annotations

import threading
from collections import Counter, deque
from collections.abc import Iterable
from typing import Any


class Stats:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: Counter[str] = Counter()
        self.query_params: Counter[str] = Counter()  # how often each query parameter came
        self.statuses: Counter[int] = Counter()
        self.posted: list[dict[str, Any]] = []
        self.log: deque[str] = deque(maxlen=1000)  # the routes, in the order they came
        self.writes: list[dict[str, Any]] = []  # {"method", "path", "body"} of each write answered

    def count(self, route: str, query_params: Iterable[str] = ()) -> None:
        with self._lock:
            self.requests[route] += 1
            self.log.append(route)
            self.query_params.update(query_params)

    def answered(self, status: int) -> None:
        with self._lock:
            self.statuses[status] += 1

    def record_post(self, session_id: str, message: dict[str, Any]) -> None:
        with self._lock:
            self.posted.append(
                {
                    "session_id": session_id,
                    **{
                        k: message.get(k)
                        for k in ("fingerprint", "type", "from", "origin", "content", "timestamp")
                    },
                }
            )

    def record_write(self, method: str, path: str, body: Any) -> None:
        with self._lock:
            self.writes.append({"method": method, "path": path, "body": body})

    def posted_fingerprints(self) -> list[int]:
        return [entry["fingerprint"] for entry in self.posted]

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.query_params.clear()
            self.statuses.clear()
            self.posted.clear()
            self.log.clear()
            self.writes.clear()

    def to_dict(self) -> dict[str, Any]:
        with self._lock:
            return {
                "requests": dict(self.requests),
                "total": sum(self.requests.values()),
                "query_params": dict(self.query_params),
                "statuses": {str(k): v for k, v in self.statuses.items()},
                "posted": list(self.posted),
                "log": list(self.log),
                "writes": list(self.writes),
            }
