"""Roles: what a clause's number does to its item, and which role each clause has.

Every clause handler returns a contribution ≥ 0; the role says where the plan adds it (the base,
awards, deductions, bonuses, a zero trigger or 倒扣) and whether its explanation step shows it
taken off. Kept apart so that the handlers, the compiled clauses and the plan share one table.
"""
from __future__ import annotations

from .clauses import BASE_SETTING, DEDUCTING, Clause, Kind, Sign

BASE, AWARD, DEDUCT, BONUS, ZERO_ROLE, NEGATIVE = "base", "award", "deduct", "bonus", "zero", "negative"
CONSEQUENCE = "consequence"  # no points: the clause only reports its effect (一票否决, 取消评优资格)
TAKES_OFF = (DEDUCT, NEGATIVE)  # shown with a minus sign in explanation steps
# a tiered clause and a cap written once for several clauses carry a sign instead of a kind
SIGN_ROLE = {Sign.DEDUCT: DEDUCT, Sign.BONUS: BONUS, Sign.AWARD: AWARD}


def role_of(clause: Clause) -> str:
    kind = clause.kind
    if kind in (Kind.MANUAL, Kind.RANGE, Kind.RANK) and clause.sign != Sign.AWARD:
        return SIGN_ROLE[clause.sign]  # 酌情扣1-3分 takes off; 排名前三的分别加3、2、1分 adds
    if kind in BASE_SETTING:
        return BASE
    if kind == Kind.CONSEQUENCE:
        return CONSEQUENCE
    if kind == Kind.TIERED:
        return SIGN_ROLE[clause.sign]
    if kind == Kind.GUARD and clause.amount is None:
        return ZERO_ROLE  # 错误率超过30%的，此项不得分: a trigger, not an amount
    if kind in DEDUCTING:
        return DEDUCT
    return {Kind.BONUS: BONUS, Kind.AWARD: AWARD, Kind.ZERO: ZERO_ROLE, Kind.NEGATIVE: NEGATIVE}[kind]
