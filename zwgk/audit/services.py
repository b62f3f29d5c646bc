"""Recording changes: every score change and every decision goes through `record`."""
import json
from decimal import Decimal

from zwgk.audit.models import Event


def shown(value) -> str:
    """A value as the log shows it: decimals without trailing zeros, None as empty."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def json_text(value) -> str:
    """Structured values (facts, settings) as the log shows them: compact JSON, keys sorted."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""


def event(actor, action: str, *, campaign=None, unit=None, target: str = "", field: str = "",
          old=None, new=None, reason: str = "") -> Event:
    """An event as `record` saves it, unsaved: to save many with one bulk_create."""
    return Event(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action, campaign=campaign, unit=unit, target=target, field=field,
        old=shown(old), new=shown(new), reason=reason,
    )


def record(actor, action: str, **details) -> Event:
    recorded = event(actor, action, **details)
    recorded.save(force_insert=True)
    return recorded
