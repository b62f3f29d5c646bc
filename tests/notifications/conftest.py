import httpx
import pytest

from zwgk.notifications import webhook


@pytest.fixture(autouse=True)
def huey_immediate():
    """Tasks run at once, on huey's in-memory store (fresh for each test), never in var/huey.sqlite3."""
    from huey.contrib.djhuey import HUEY

    was = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = was


class Robot:
    """A group robot behind httpx.MockTransport: records what it was sent, answers as told."""

    def __init__(self):
        self.requests: list[httpx.Request] = []
        self.status = 200
        self.answer = {"errcode": 0, "errmsg": "ok"}
        self.error: Exception | None = None

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.error is not None:
            raise self.error
        return httpx.Response(self.status, json=self.answer)

    @property
    def bodies(self) -> list[dict]:
        import json

        return [json.loads(r.content) for r in self.requests]


@pytest.fixture(autouse=True)
def robot(monkeypatch):
    """Every test talks to a mock robot: no request leaves the process."""
    r = Robot()
    monkeypatch.setattr(webhook, "transport", httpx.MockTransport(r.handle))
    return r
