"""The JSON Schema of scheme files, with its errors said in Chinese.

jsonschema reports in English and by validator keyword; a person editing a scheme file needs
to know, in Chinese, which field is wrong and how to write it. The loader refuses a file on the
first error; `validate.py` lists them all.
"""
from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

SCHEMA_PATH = Path(__file__).with_name("scheme.schema.json")

_TYPE_NAMES = {
    "string": "文本", "integer": "整数", "number": "数字", "boolean": "true 或 false",
    "array": "列表", "object": "映射", "null": "null",
}
_PATTERN_NAMES = {
    "^[0-9]+(\\.[0-9]+)?$": "带引号的非负十进制数（如 \"0.5\"）",
    "^-?[0-9]+(\\.[0-9]+)?$": "带引号的十进制数（如 \"0.5\"）",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "日期 YYYY-MM-DD",
    "^[a-z0-9]+(-[a-z0-9]+)*$": "小写字母、数字和“-”组成的编号（如 xunwu-2022）",
    "^[BM][0-9]+$": "B1、B2…（加分）或 M1、M2…（重大扣分）",
    "^D[0-9]+$": "D1、D2…",
}


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def plain(data):
    """YAML dates as ISO text, so the JSON Schema sees what the file spells."""
    if isinstance(data, dict):
        return {k: plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [plain(v) for v in data]
    if isinstance(data, (dt.date, dt.datetime)):
        return data.isoformat()
    return data


def schema_errors(data) -> list[tuple[tuple, str]]:
    """Every schema violation as (path in the document, Chinese message), duplicates removed."""
    out: list[tuple[tuple, str]] = []
    for error in _validator().iter_errors(plain(data)):
        for path, message in _explain(error):
            if (path, message) not in out:
                out.append((path, message))
    return out


def _explain(e: ValidationError) -> list[tuple[tuple, str]]:
    path = tuple(e.absolute_path)
    kind, value, instance = e.validator, e.validator_value, e.instance
    if kind == "required":
        return [(path, f"缺少必填字段 {name}") for name in value if name not in instance]
    if kind == "additionalProperties":
        known = e.schema.get("properties", {})
        return [(path + (name,), f"不认识的字段 {name}（可用：{'、'.join(known)}）") for name in instance if name not in known]
    if kind == "type":
        wanted = [value] if isinstance(value, str) else value
        names = "或".join(_PATTERN_NAMES.get(e.schema.get("pattern"), _TYPE_NAMES[t]) if t == "string" else _TYPE_NAMES[t]
                         for t in wanted)
        hint = ""
        if "string" in wanted and isinstance(instance, (int, float)) and not isinstance(instance, bool):
            hint = f"；数值请加引号写成 \"{instance}\"，以免 YAML 把它读成二进制浮点数"
        return [(path, f"应为{names}，实际是{_type_of(instance)} {_show(instance)}{hint}")]
    if kind in ("enum", "const"):
        options = value if kind == "enum" else [value]
        listed = "、".join("null" if v is None else str(v) for v in options)
        return [(path, f"取值 {_show(instance)} 无效（应为：{listed}）")]
    if kind == "pattern":
        return [(path, f"“{instance}”格式不对，应为{_PATTERN_NAMES.get(value, '符合 ' + value + ' 的文本')}")]
    if kind in ("minLength", "minItems"):
        return [(path, "不能为空")]
    if kind in ("minimum", "maximum"):
        return [(path, f"{instance} 超出允许范围（{'不小于' if kind == 'minimum' else '不大于'} {value}）")]
    return [(path, f"不符合方案格式（{kind}）：{e.message}")]


def _type_of(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "布尔值"
    if isinstance(value, int):
        return "整数"
    if isinstance(value, float):
        return "数字"
    if isinstance(value, str):
        return "文本"
    return "列表" if isinstance(value, list) else "映射"


def _show(value) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "…"
