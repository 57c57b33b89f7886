"""A realistic sample portfolio for exploring the app (``--demo``).

Deterministic for a given ``seed`` and ``now``: about 60 customers across tiers and states,
renewal dates spread over the next 15 months with a few overdue, contacts, and visits.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from sqlmodel import Session

from mycrm.core.common.timeutil import require_aware
from mycrm.core.customers.services import (
    ContactInput,
    CustomerInput,
    create_customer,
    get_customer,
)
from mycrm.core.db.models import InteractionKind
from mycrm.core.home.goals import seed_sample_goals
from mycrm.core.records import services as records
from mycrm.core.records.needs import NeedInput, create_need
from mycrm.core.records.renewals import (
    LostInput,
    RenewalInput,
    add_one_year,
    mark_lost,
    record_renewal,
)
from mycrm.core.todos.reminders import dismiss
from mycrm.core.todos.services import TodoInput, create_todo

COMPANIES = [
    ("上海云帆信息科技有限公司", "软件"), ("北京华信达数据服务有限公司", "数据服务"),
    ("深圳前海智联物流有限公司", "物流"), ("杭州青禾电子商务有限公司", "电商"),
    ("广州南沙精密制造股份有限公司", "制造"), ("成都天府医疗器械有限公司", "医疗"),
    ("苏州工业园区博远教育科技有限公司", "教育"), ("南京金陵银通金融服务有限公司", "金融"),
    ("武汉光谷芯源半导体有限公司", "半导体"), ("西安秦岭新能源有限公司", "能源"),
    ("厦门海峡航运有限公司", "航运"), ("青岛海润食品有限公司", "食品"),
    ("天津滨海化工集团", "化工"), ("重庆山城汽车零部件有限公司", "汽车"),
    ("长沙湘江传媒有限公司", "传媒"), ("宁波港城国际贸易有限公司", "贸易"),
    ("合肥科大智能语音有限公司", "人工智能"), ("郑州中原粮油集团", "农业"),
    ("大连星海软件有限公司", "软件"), ("昆明云岭旅游发展有限公司", "旅游"),
    ("福州闽江水务有限公司", "公用事业"), ("济南泉城医药连锁有限公司", "零售"),
    ("无锡太湖智能装备有限公司", "制造"), ("佛山顺德家电有限公司", "家电"),
    ("东莞松山湖电子有限公司", "电子"), ("珠海横琴金融科技有限公司", "金融"),
    ("沈阳北方重工机械有限公司", "机械"), ("哈尔滨冰城乳业有限公司", "食品"),
    ("南昌赣江建设工程有限公司", "建筑"), ("贵阳大数据交易服务有限公司", "数据服务"),
    ("Northwind Traders Ltd", "Retail"), ("Contoso Pharmaceuticals Inc.", "Pharma"),
    ("Fabrikam Manufacturing GmbH", "Manufacturing"), ("Adventure Works Cycles", "Retail"),
    ("Tailspin Toys Co., Ltd.", "Consumer goods"), ("Wide World Importers", "Logistics"),
    ("Litware Software Inc.", "Software"), ("Proseware Analytics", "Data services"),
    ("Woodgrove Bank", "Finance"), ("Alpine Ski House", "Hospitality"),
    ("Blue Yonder Airlines", "Aviation"), ("Coho Winery", "Food & beverage"),
    ("Lucerne Publishing", "Media"), ("Margie's Travel", "Travel"),
    ("Fourth Coffee Roasters", "Food & beverage"), ("Graphic Design Institute", "Education"),
    ("Humongous Insurance", "Insurance"), ("Trey Research Labs", "Research"),
    ("VanArsdel Ltd", "Consulting"), ("Relecloud Hosting", "Cloud"),
    ("Southridge Video", "Media"), ("City Power & Light", "Utilities"),
    ("新加坡亚太咨询 Pte. Ltd.", "Consulting"), ("香港维港投资有限公司", "Investment"),
    ("Sino-German Precision Tools Co., Ltd.", "Manufacturing"), ("海尔森智慧健康", "医疗"),
    ("Vertex Medical Devices", "Medical"), ("汇通保险经纪有限公司", "保险"),
    ("Summit Renewable Energy", "Energy"), ("启明星辰教育集团", "教育"),
]
SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙"]
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "强", "洋", "艳", "杰", "婷", "斌"]
WESTERN = ["Anna Schmidt", "James Lee", "Maria Garcia", "Tom Baker", "Sara Kim", "Li Wei"]
TITLES = ["IT 总监", "采购经理", "运营负责人", "CTO", "Head of IT", "Procurement Lead"]
DISCUSSIONS = [
    "回顾了上季度使用情况，报表模块使用率提升 30%。",
    "Reviewed adoption; the ops team wants SSO before renewal.",
    "客户反馈导出速度慢，已记录并承诺两周内答复。",
    "Discussed renewal scope and a possible upgrade to the enterprise plan.",
]


def _person(rng: random.Random, chinese: bool) -> str:
    if chinese:
        return rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", rng.choice(GIVEN)])
    return rng.choice(WESTERN)


def fill_sample_if_empty(session: Session, *, now: datetime, zone: str = "UTC") -> bool:
    """Build the sample portfolio in a data file without customers (a fresh ``--demo``
    profile, for the window and the command line alike); True when it did."""
    from mycrm.core.home.dashboard import has_any_customer

    if has_any_customer(session):
        return False
    build_sample_portfolio(session, now=now, zone=zone)
    return True


def build_sample_portfolio(session: Session, *, now: datetime, seed: int = 7,
                           zone: str = "UTC") -> int:
    """Fill an empty database with the sample portfolio; returns the number of customers."""
    now = require_aware(now)
    rng = random.Random(seed)
    today = now.date()
    for index, (name, industry) in enumerate(COMPANIES):
        chinese = not name.isascii()
        # a few overdue renewals first
        days = -rng.randint(3, 40) if index < 4 else rng.randint(2, 450)
        renewal = today + timedelta(days=days) if index % 17 != 5 else None
        amount = rng.choice([12_000, 36_000, 58_000, 98_000, 150_000, 280_000, 520_000])
        customer = create_customer(
            session=session,
            data=CustomerInput(
                name=name,
                tier=rng.choices("SABCD", weights=[1, 3, 4, 3, 1])[0],
                industry=industry,
                renewal_date=renewal,
                amount=amount * 100,
                contact=ContactInput(
                    name=_person(rng, chinese),
                    title=rng.choice(TITLES),
                    phone=f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}",
                    email=f"contact{index}@example.com",
                ),
            ),
            now=now - timedelta(days=400),
        )
        assert customer.id is not None
        _add_history(session, rng, customer.id, now)
        _add_extras(session, rng, customer.id, index, now, zone)
    seed_sample_goals(session=session, now=now, zone=zone)
    return len(COMPANIES)


NEEDS = [
    ("SSO 单点登录", "运维团队希望续约前上线 SSO。", 30_000),
    ("Extra 200 seats for the sales team", "Asked during the QBR; budget in Q1.", 86_000),
    ("数据导出性能优化", "导出超过 10 万行时很慢。", 0),
    ("BI dashboard add-on", "Wants management dashboards.", 45_000),
]
TODOS = ["发送续约报价", "Send the QBR deck", "确认培训时间", "Call about the SSO pilot"]


def _add_extras(session: Session, rng: random.Random, customer_id: int, index: int,
                now: datetime, zone: str) -> None:
    """Needs, open to-dos with reminders, renewals and a lost customer — deterministic."""
    today = now.date()
    if index % 3 == 0:
        title, detail, amount = NEEDS[index % len(NEEDS)]
        follow = today + timedelta(days=rng.randint(3, 40)) if index % 2 == 0 else None
        create_need(session=session, now=now - timedelta(days=rng.randint(1, 60)), zone=zone,
                    data=NeedInput(customer_id=customer_id, title=title, detail=detail,
                                   amount=amount * 100, follow_up_on=follow))
    if index % 4 == 1:
        wall = datetime.combine(today + timedelta(days=rng.randint(-2, 14)),
                                time(9 + rng.randint(0, 8), 0))
        todo = create_todo(session=session, now=now - timedelta(days=rng.randint(1, 20)),
                           data=TodoInput(title=TODOS[index % len(TODOS)],
                                          customer_id=customer_id, remind_wall=wall,
                                          remind_tz=zone))
        if todo.id is not None and todo.notify_at is not None and todo.notify_at <= now:
            # Already past: handled, as if the user had seen it — still an overdue to-do,
            # but no "Missed reminders" greeting on the sample's first start.
            dismiss(session=session, now=now, todo_id=todo.id)
    if index in (5, 21, 34):  # renewals signed this year
        current = get_customer(session, customer_id).renewal_date or today
        signed = today - timedelta(days=rng.randint(2, 60))
        record_renewal(session=session, now=datetime.combine(signed, time(3), tzinfo=now.tzinfo),
                       data=RenewalInput(customer_id=customer_id, signed_on=signed,
                                         end_date=add_one_year(current),
                                         amount=rng.choice([36_000, 98_000]) * 100))
    if index == 47:  # one churned customer: off the board, still searchable
        mark_lost(session=session, now=now - timedelta(days=12), data=LostInput(
            customer_id=customer_id, reason="预算削减，改用内部系统 (budget cut)",
            lost_on=today - timedelta(days=12)))


def _add_history(session: Session, rng: random.Random, customer_id: int, now: datetime) -> None:
    """Past service records; the record services move the state as they would in real use."""
    roll = rng.random()
    if roll < 0.3:
        return  # still to contact
    if roll < 0.55:
        kinds = [InteractionKind.CALL]
    else:
        kinds = [InteractionKind.CALL, rng.choice([InteractionKind.VISIT, InteractionKind.QBR])]
    days_ago = rng.randint(100, 200)
    for kind in kinds:
        days_ago = max(1, days_ago - rng.randint(5, 120))
        day = (now - timedelta(days=days_ago)).date()
        occurred = datetime.combine(day, time(2 + rng.randint(0, 7), 0), tzinfo=now.tzinfo)
        records.log_interaction(
            session=session,
            data=records.InteractionInput(
                customer_id=customer_id,
                kind=kind.value,
                occurred_at=occurred,
                attendees=_person(rng, True),
                discussion=rng.choice(DISCUSSIONS),
            ),
            now=occurred,
        )
