from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from zwgk.schemefiles.loader import parse_yaml
from zwgk.schemes.models import Scheme

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "schemefiles" / "builtin"


class SchemeFileError(ValueError):
    pass


@transaction.atomic
def load_builtin_schemes(directory: Path = BUILTIN_DIR) -> int:
    """Upsert every scheme file in `directory`; return how many were loaded.

    Keyed on the scheme's id, so loading again updates rows instead of adding them.
    """
    now = timezone.now()
    paths = sorted(directory.glob("*.yaml"))
    for path in paths:
        text = path.read_text(encoding="utf-8")
        data = parse_yaml(text, path.name)
        if not isinstance(data, dict) or not data.get("id"):
            raise SchemeFileError(f"{path}：不是考核方案文件（缺少 id）")
        points = data.get("total_points")
        Scheme.objects.update_or_create(
            scheme_id=data["id"],
            defaults={
                "title": data.get("title", ""),
                "year": data.get("year"),
                "kind": data.get("kind", ""),
                "total_points": None if points is None else Decimal(str(points)),
                "source_yaml": text,
                "loaded_at": now,
            },
        )
    return len(paths)
