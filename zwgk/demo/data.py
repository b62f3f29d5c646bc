"""The demo county: units, people, and two campaigns partly filled in (make run).

Loading is idempotent: units, accounts and campaigns are found by name and created only once;
every load sets a fresh password on the demo accounts, printed for the person starting the demo.
"""
from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from zwgk.accounts.models import Membership, Role
from zwgk.campaigns.computed import compute_from_ledgers
from zwgk.campaigns.models import Assignment, Campaign, Entry
from zwgk.campaigns.results import rescore_campaign
from zwgk.campaigns.setup import create_campaign
from zwgk.organisations.models import Contact, Unit
from zwgk.schemes.models import Scheme
from zwgk.schemes.reading import engine_scheme, item_data

TOWNSHIPS = ["东山镇", "西河镇", "南岭镇", "北坪镇", "桃源镇", "龙岗镇", "青石乡", "白沙乡", "金坑乡"]
STREETS = ["城关街道"]
DEPARTMENTS = ["县政府办公室", "县发展和改革委员会", "县财政局", "县教育局", "县民政局", "县人力资源和社会保障局",
               "县自然资源局", "县住房和城乡建设局", "县卫生健康委员会", "县行政审批局"]
SUBUNITS = {"县行政审批局": ["综合组", "办公室", "政务中心"]}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"


@dataclass(frozen=True)
class Login:
    role: str
    username: str
    unit: str


def _units() -> list[Unit]:
    units = []
    for order, (names, kind) in enumerate([(TOWNSHIPS, Unit.Kind.TOWNSHIP), (STREETS, Unit.Kind.SUBDISTRICT),
                                           (DEPARTMENTS, Unit.Kind.DEPARTMENT)]):
        for i, name in enumerate(names):
            unit, _ = Unit.objects.get_or_create(name=name, defaults={"kind": kind, "order": order * 100 + i})
            units.append(unit)
    for parent_name, names in SUBUNITS.items():
        parent = Unit.objects.get(name=parent_name)
        for i, name in enumerate(names):
            Unit.objects.get_or_create(name=f"{parent_name}{name}", defaults={
                "kind": Unit.Kind.OTHER, "parent": parent, "order": parent.order * 10 + i})
    return units


def _person(username: str, role: str, unit: Unit | None, name: str, hashed: str):
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.is_active = True
    user.password = hashed
    user.save()
    Membership.objects.update_or_create(user=user, defaults={"role": role, "unit": unit, "display_name": name})
    return user


def _people(units: list[Unit], password: str) -> dict[str, object]:
    """One office, two assessors, a reporter and a head per unit; hashed once, as they share it."""
    rng = random.Random(7)
    password = make_password(password)
    people = {
        "office": _person("kaoheban", Role.OFFICE, None, "考核办 周明", password),
        "assessor": _person("pingshen", Role.ASSESSOR, None, "考核组 林芳", password),
        "finance": _person("caizheng", Role.ASSESSOR, Unit.objects.get(name="县财政局"), "县财政局 何强", password),
    }
    for i, unit in enumerate(units, 1):
        reporter = _person(f"lianluo{i:02d}", Role.REPORTER, unit, f"{unit.name} 联络员", password)
        head = _person(f"fuze{i:02d}", Role.HEAD, unit, f"{unit.name} 负责人", password)
        people.setdefault("reporter", reporter)
        people.setdefault("head", head)
        Contact.objects.get_or_create(unit=unit, name=rng.choice(SURNAMES) + rng.choice("建华丽敏静伟军红"), defaults={
            "title": "办公室主任", "phone": f"0797-28{rng.randrange(10000, 99999)}",
            "leader": rng.choice(SURNAMES) + "副" + ("镇长" if unit.kind != Unit.Kind.DEPARTMENT else "局长"),
            "reported_on": date(2022, 3, 1)})
    sub = Unit.objects.get(name="县行政审批局综合组")
    people["subunit"] = _person("shenpi-zonghe", Role.REPORTER, sub, "审批局综合组 联络员", password)
    return people


def _fill(campaign: Campaign, people: dict, share: float, reviewed: float, rng: random.Random) -> None:
    """Self-assess a share of the units' items, approve them, and review some with findings."""
    scheme = engine_scheme(campaign)
    entries = list(campaign.entries.filter(applicable=True).select_related("unit"))
    for e in entries:
        item = scheme.item(e.item_id)
        if item is None or rng.random() > share:
            continue
        if campaign.is_task_plan:
            e.progress = rng.choice([Entry.Progress.DOING, Entry.Progress.DONE, Entry.Progress.DONE])
            e.progress_note = "已按任务分工推进，进展情况见佐证链接。"
        else:
            full = item.points if item.points is not None else Decimal(0)
            e.self_score = full if rng.random() < 0.8 else (full / 2).quantize(Decimal("0.1"))
        e.self_note = "已按要求完成，佐证材料见链接。"
        e.state = Entry.State.APPROVED if rng.random() < 0.7 else Entry.State.SUBMITTED
        if e.state == Entry.State.APPROVED and rng.random() < reviewed:
            e.facts = _findings(item, rng)
            e.reviewed_by, e.reviewed_at = people["assessor"], campaign.created_at
        e.save()
        e.evidence.get_or_create(url=f"http://www.example.gov.cn/zwgk/{e.unit_id}/{e.item_id}.html",
                                 defaults={"name": f"第{e.item_id}项公开页面", "uploaded_by": people["reporter"]})


def _findings(item, rng: random.Random) -> dict:
    facts = {}
    for c in item.rule.clauses:
        if c.kind.value in ("per_occurrence", "frequency") and rng.random() < 0.4:
            facts[str(c.n)] = {"count": rng.randrange(1, 4)}
        elif c.kind.value == "once" and rng.random() < 0.2:
            facts[str(c.n)] = {"met": False}
    return facts


def _campaign(scheme_id: str, title: str, year: int, units, people, phase, dues, share, reviewed, seed):
    existing = Campaign.objects.filter(scheme__scheme_id=scheme_id).first()
    if existing:
        return existing
    scheme = Scheme.objects.get(scheme_id=scheme_id)
    campaign = create_campaign(people["office"], scheme, title, year, units, **dues)
    Assignment.objects.create(campaign=campaign, assessor=people["assessor"])
    for item in engine_scheme(scheme).items:
        if "财政" in (item_data(scheme, item.id).get("assessor") or ""):
            Assignment.objects.create(campaign=campaign, assessor=people["finance"], item_id=item.id)
    campaign.phase = phase
    campaign.save()
    _fill(campaign, people, share, reviewed, random.Random(seed))
    rescore_campaign(campaign)
    return campaign


def _ledgers(units: list[Unit], rng: random.Random) -> None:
    """A year of 2022 ledgers per unit, imperfect on purpose, so 从台账计算 has something to find."""
    from zwgk.ledgers.models import Circular, Document, Interpretation, MediaAccount, MediaPost, Message, Publication

    if Publication.objects.exists():
        return
    start = date(2022, 1, 1)
    for i, unit in enumerate(units, 1):
        docs = []
        for n in range(1, 9):
            attribute = "主动公开" if n > 2 else rng.choice(["依申请公开", "不予公开"])
            docs.append(Document(unit=unit, number=f"示范{i:02d}发〔2022〕{n}号", title=f"{unit.name}2022年第{n}号文件",
                                 issued_on=start + timedelta(days=40 * n), is_policy=n % 3 == 0, attribute=attribute,
                                 reason="涉及个人隐私" if attribute != "主动公开" and rng.random() < 0.5 else ""))
        Document.objects.bulk_create(docs)
        Publication.objects.bulk_create([
            Publication(unit=unit, title=f"{unit.name}公开信息{n}", item="工作动态", channel="政府网站",
                        formed_on=(d := start + timedelta(days=rng.randrange(0, 350))),
                        published_on=d + timedelta(days=rng.choice([1, 3, 7, 15, 40])))
            for n in range(60)])
        for doc in docs:
            if doc.is_policy and rng.random() < 0.7:
                interpretation = Interpretation.objects.create(
                    unit=unit, title=f"《{doc.title}》解读", form=rng.choice(["文字", "图解", "视频"]),
                    channels=rng.choice([["政府网站"], ["政府网站", "微信"]]), linked=True,
                    published_on=doc.issued_on + timedelta(days=rng.choice([1, 2, 6])))
                interpretation.documents.add(doc)
        account = MediaAccount.objects.create(unit=unit, platform="微信公众号", name=f"{unit.name}发布")
        MediaPost.objects.bulk_create([
            MediaPost(unit=unit, account=account, posted_on=start + timedelta(days=d), title=f"推送{d}",
                      is_interpretation=d % 50 == 0)
            for d in sorted(rng.sample(range(365), rng.randrange(30, 80)))])
        Message.objects.bulk_create([
            Message(unit=unit, channel="领导信箱", reference=f"XX2022{i:02d}{n:03d}", subject="咨询",
                    received_on=(r := start + timedelta(days=rng.randrange(0, 330))),
                    replied_on=r + timedelta(days=rng.choice([1, 2, 5])))
            for n in range(8)])
        if rng.random() < 0.2:
            Circular.objects.create(unit=unit, kind="通报", level="市政府办公室", number=f"赣市府办字〔2022〕{i}号",
                                    issued_on=date(2022, 6, 1), subject="政务新媒体更新不及时", about_media=True)


@transaction.atomic
def load_demo() -> tuple[str, list[Login]]:
    password = secrets.token_urlsafe(9)
    units = _units()
    people = _people(units, password)
    _ledgers(units, random.Random(11))
    # Deadlines from the day the demo is loaded, so its to-do lists look like a running year: the
    # 2022 assessment (its ledgers are 2022's) is being reviewed; this year's two are being filled.
    today = timezone.localdate()
    xunwu = _campaign("xunwu-2022", "2022年度政务公开工作考核", 2022, units, people, Campaign.Phase.REVIEW,
                      {"self_due": today - timedelta(days=14), "review_due": today + timedelta(days=5),
                       "publicity_end": today + timedelta(days=20)}, 0.85, 0.5, 2022)
    if not xunwu.entries.exclude(computed={}).exists():
        compute_from_ledgers(people["office"], xunwu)
    year = today.year
    _campaign("guxian-2021", f"{year}年度政务公开重点工作考核", year, units, people, Campaign.Phase.SELF,
              {"self_due": today + timedelta(days=10)}, 0.4, 0.0, 2021)
    _campaign("jiangxian-2021", f"{year}年政务公开工作任务分解", year, units, people, Campaign.Phase.SELF,
              {"self_due": today + timedelta(days=10)}, 0.5, 0.0, 2021)
    logins = [Login(Role.OFFICE.label, "kaoheban", "县政务公开办"),
              Login(Role.ASSESSOR.label, "pingshen", "考核组"),
              Login(Role.ASSESSOR.label, "caizheng", "县财政局（财政信息公开项）"),
              Login(Role.REPORTER.label, "lianluo01", units[0].name),
              Login(Role.HEAD.label, "fuze01", units[0].name),
              Login(Role.REPORTER.label, "shenpi-zonghe", "县行政审批局综合组")]
    return password, logins
