"""Posting a text message to a campaign's group robot (企业微信 or 钉钉).

Both robots take the same body, {"msgtype": "text", "text": {"content": …}}, POSTed as JSON to the
robot's URL. A 钉钉 robot may be set to accept only messages containing a keyword, so every message
starts with PREFIX. Posting never raises: the robot is a courtesy beside the in-app notifications
and e-mail, and a failure is logged and reported as False. Nothing but the configured URL is ever
requested (redirects are not followed).
"""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

import httpx

log = logging.getLogger(__name__)

PREFIX = "【政务公开考核】"
TIMEOUT = httpx.Timeout(5.0, connect=3.0)
# 企业微信 caps a text message at 2048 bytes of UTF-8; 钉钉 allows more, so the smaller limit serves both.
MAX_BYTES = 2048

# Tests put an httpx.MockTransport here (or pass a client) so no request leaves the process.
transport: httpx.BaseTransport | None = None


def robot_kind(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    if host == "oapi.dingtalk.com" or host.endswith(".dingtalk.com"):
        return "钉钉"
    if host == "qyapi.weixin.qq.com":
        return "企业微信"
    return "群机器人"


def content_of(text: str) -> str:
    """The message with the keyword first, cut to what the robots accept (on a character boundary)."""
    content = text if text.startswith(PREFIX) else PREFIX + text
    data = content.encode("utf-8")
    if len(data) <= MAX_BYTES:
        return content
    cut = data[:MAX_BYTES - len("…".encode())].decode("utf-8", errors="ignore")
    return cut + "…"


def body_of(text: str) -> dict:
    return {"msgtype": "text", "text": {"content": content_of(text)}}


def _where(url: str) -> str:
    """The URL without its query: the robot's key is a secret and stays out of the logs."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}{parts.path}"


def post(url: str, text: str, *, client: httpx.Client | None = None) -> bool:
    """Send `text` to the robot at `url`; True when the robot accepted it (errcode 0)."""
    if not url or urlsplit(url).scheme not in ("http", "https"):
        log.warning("群机器人地址无效，未推送：%r", _where(url or ""))
        return False
    own = client is None
    if own:
        client = httpx.Client(timeout=TIMEOUT, transport=transport, follow_redirects=False)
    try:
        response = client.post(url, json=body_of(text))
        if response.status_code // 100 != 2:
            log.warning("%s推送失败：%s 返回 HTTP %s", robot_kind(url), _where(url), response.status_code)
            return False
        try:
            answer = response.json()
        except ValueError:
            answer = {}
        errcode = answer.get("errcode", 0) if isinstance(answer, dict) else 0
        if errcode not in (0, "0"):
            log.warning("%s推送被拒绝：%s errcode=%s errmsg=%s", robot_kind(url), _where(url), errcode,
                        answer.get("errmsg", ""))
            return False
        return True
    except httpx.HTTPError as err:
        log.warning("%s推送失败：%s %s: %s", robot_kind(url), _where(url), type(err).__name__, err)
        return False
    except Exception:  # never into the caller: a reminder run or a phase change must not fail here
        log.exception("%s推送出错：%s", robot_kind(url), _where(url))
        return False
    finally:
        if own:
            client.close()
