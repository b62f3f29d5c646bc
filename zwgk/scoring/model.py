"""The scheme as the engine sees it: items with their rules, groups with pools, scheme sections.

These are plain frozen dataclasses built by `zwgk.schemefiles` from a YAML file (or by the web
app from the database); the engine never reads files itself.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .clauses import Rule


@dataclass(frozen=True)
class Item:
    id: str
    path: tuple[str, ...]
    points: Decimal | None  # None: the points sit on the item's group (pool)
    rule: Rule
    text: str | None = None
    bonus_text: str | None = None
    evidence_required: bool = False
    unit_types: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    path: tuple[str, ...]
    points: Decimal | None = None


@dataclass(frozen=True)
class Case:
    """A scheme-level bonus case (B1…) or major deduction / zero case (M1…)."""

    id: str
    text: str
    rule: Rule


@dataclass(frozen=True)
class GradeBand:
    name: str
    min: Decimal  # a total ≥ min earns this grade; bands are tried highest first


@dataclass(frozen=True)
class Rules:
    floor_at_zero: bool = False  # 扣分项扣完即止
    evidence_rule: bool = False  # 未按要求提供佐证材料的，不予认定
    normalise: bool = False  # 折算 of not-applicable items
    step_rounding: str = "down"  # down | up
    total_cap: Decimal | None = None


@dataclass(frozen=True)
class Scheme:
    id: str
    title: str
    total_points: Decimal | None
    items: tuple[Item, ...]
    groups: tuple[Group, ...] = ()
    bonus_cases: tuple[Case, ...] = ()
    bonus_cap: Decimal | None = None
    major_cases: tuple[Case, ...] = ()
    rules: Rules = field(default_factory=Rules)
    grades: tuple[GradeBand, ...] = ()
    ranking_groups: tuple[str, ...] = ()

    def item(self, item_id: str) -> Item | None:
        return self._items_by_id.get(item_id)

    def group(self, path: tuple[str, ...]) -> Group | None:
        return self._groups_by_path.get(tuple(path))

    @property
    def _items_by_id(self) -> dict[str, Item]:
        cached = self.__dict__.get("_items_cache")
        if cached is None:
            cached = {i.id: i for i in self.items}
            object.__setattr__(self, "_items_cache", cached)
        return cached

    @property
    def _groups_by_path(self) -> dict[tuple[str, ...], Group]:
        cached = self.__dict__.get("_groups_cache")
        if cached is None:
            cached = {g.path: g for g in self.groups}
            object.__setattr__(self, "_groups_cache", cached)
        return cached

    def pool_of(self, item: Item) -> Group | None:
        """The group whose points an item without its own points deducts from."""
        if item.points is not None:
            return None
        for depth in range(len(item.path), 0, -1):
            group = self.group(item.path[:depth])
            if group is not None and group.points is not None:
                return group
        return None

    def major_group_of(self, item: Item) -> tuple[str, ...]:
        """The 大项 an item belongs to (此大项不得分): its nearest group with points, else its top group."""
        for depth in range(len(item.path), 0, -1):
            group = self.group(item.path[:depth])
            if group is not None and group.points is not None:
                return group.path
        return item.path[:1]
