"""Dates as the documents and messages write them."""
from __future__ import annotations

import datetime


def chinese_date(day: datetime.date) -> str:
    """2026年12月4日: the year in full, no leading zeros (GB/T 9704 7.3.5.1)."""
    return f"{day.year}年{day.month}月{day.day}日"
