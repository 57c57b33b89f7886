"""Generate the stress portfolio: a deterministic, realistic, large mycrm data file.

Default sizes (scale 1.0): 10,000 customers, 30,000 contacts, 200,000 service records,
100,000 to-dos, 20,000 needs, 12,000 contracts, with Chinese and English text of realistic
lengths. ``--scale 0.1`` gives a tenth of everything; each size can be overridden.

The schema comes from the app's own migrations (``open_database``); rows are then written
with ``executemany`` in one transaction, bypassing the ORM for speed, so this module keeps
the denormalised columns exactly as the services would:

- ``Customer.renewal_date`` = the latest contract end date,
- ``Customer.last_visit_at`` = the latest visit / QBR ``occurred_at``,
- ``Customer.name_key`` / ``Contact.phone_key`` / ``Contact.email_key`` via ``core.normalize``,
- to-do reminder columns as ``core.todos.apply_reminder`` sets them (and ``dismissed`` once
  done, ``fired`` when the time has passed), so the first scheduler tick has nothing stale.

Usage: ``python bench/generate.py OUT.sqlite [--scale 0.1] [--seed 42] [--now ISO]``
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from mycrm.core.common.normalize import company_key, email_key, phone_key  # noqa: E402
from mycrm.core.common.timeutil import wall_to_utc  # noqa: E402
from mycrm.core.db.engine import open_database  # noqa: E402

DEFAULT_NOW = datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
ZONE = "Asia/Shanghai"


@dataclass
class Sizes:
    customers: int = 10_000
    contacts: int = 30_000
    interactions: int = 200_000
    todos: int = 100_000
    needs: int = 20_000
    contracts: int = 12_000

    def scaled(self, factor: float) -> Sizes:
        return Sizes(**{k: max(1, round(v * factor)) for k, v in asdict(self).items()})


# --- vocabulary -------------------------------------------------------------------------
CITIES = ["上海", "北京", "深圳", "杭州", "广州", "成都", "苏州", "南京", "武汉", "西安",
          "厦门", "青岛", "天津", "重庆", "长沙", "宁波", "合肥", "郑州", "大连", "昆明",
          "福州", "济南", "无锡", "佛山", "东莞", "珠海", "沈阳", "南昌", "贵阳", "石家庄"]
BRANDS = ["云帆", "华信", "智联", "青禾", "精密", "天府", "博远", "银通", "芯源", "秦岭",
          "海峡", "海润", "滨海", "山城", "湘江", "港城", "科大", "中原", "星海", "云岭",
          "闽江", "泉城", "太湖", "顺德", "松山湖", "横琴", "北方", "赣江", "大数据", "启明",
          "汇通", "鼎新", "恒信", "瑞丰", "弘毅", "嘉禾", "万象", "远景", "同创", "卓越"]
CN_INDUSTRIES = [("信息科技", "软件"), ("数据服务", "数据服务"), ("物流", "物流"),
                 ("电子商务", "电商"), ("精密制造", "制造"), ("医疗器械", "医疗"),
                 ("教育科技", "教育"), ("金融服务", "金融"), ("半导体", "半导体"),
                 ("新能源", "能源"), ("航运", "航运"), ("食品", "食品"), ("化工", "化工"),
                 ("汽车零部件", "汽车"), ("传媒", "传媒"), ("国际贸易", "贸易")]
CN_SUFFIXES = ["有限公司", "股份有限公司", "集团", "科技有限公司", "有限责任公司"]
EN_WORDS = ["Northwind", "Contoso", "Fabrikam", "Adventure", "Tailspin", "Wide World",
            "Litware", "Proseware", "Woodgrove", "Alpine", "Blue Yonder", "Coho", "Lucerne",
            "Fourth", "Humongous", "Trey", "VanArsdel", "Relecloud", "Southridge", "Summit",
            "Vertex", "Pinnacle", "Harbor", "Granite", "Silverline", "Evergreen", "Redwood"]
EN_INDUSTRIES = ["Retail", "Pharma", "Manufacturing", "Logistics", "Software", "Finance",
                 "Hospitality", "Aviation", "Media", "Insurance", "Research", "Energy"]
EN_SUFFIXES = ["Ltd", "Inc.", "GmbH", "Co., Ltd.", "LLC", "Group", "Pte. Ltd.", ""]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "伟芳娜敏静磊强洋艳杰婷斌军勇涛明超秀英华玲桂兰霞平刚桂芝红建国晨宇浩然子涵"
FIRST = ["Anna", "James", "Maria", "Tom", "Sara", "Wei", "David", "Emma", "Lucas", "Olivia",
         "Noah", "Mia", "Ethan", "Chloe", "Daniel", "Grace", "Henry", "Ivy", "Jack", "Kate"]
LAST = ["Schmidt", "Lee", "Garcia", "Baker", "Kim", "Li", "Müller", "Smith", "Chen", "Brown",
        "Wilson", "Taylor", "Martin", "Wang", "Zhang", "Johnson", "Clark", "Lopez", "Young"]
TITLES = ["IT 总监", "采购经理", "运营负责人", "CTO", "Head of IT", "Procurement Lead",
          "财务经理", "信息中心主任", "VP Operations", "系统管理员"]
CN_SENTENCES = [
    "回顾了上季度的使用情况，报表模块的使用率提升了百分之三十，管理层比较满意。",
    "客户反馈导出速度偏慢，尤其是月底结账期间，我们已记录问题并承诺两周内给出方案。",
    "讨论了续约范围，客户希望增加五个用户许可，并询问企业版的价格和折扣政策。",
    "运维团队希望在续约前上线单点登录，安全部门需要我们提供等保测评材料。",
    "新任信息中心主任对系统不熟悉，建议安排一次现场培训，并发送操作手册。",
    "客户提到竞争对手正在接触他们，报价比我们低百分之十五，需要尽快跟进。",
    "演示了新版本的移动端功能，销售团队很感兴趣，希望试用一个月。",
    "数据迁移已经完成，历史订单核对无误，客户签署了验收单。",
    "财务部门提出发票抬头变更，需要在下次开票前更新合同信息。",
    "季度业务回顾会议上，双方确认了明年的重点项目和预算安排。",
    "客户计划在华南地区新开三家分公司，可能需要扩展部署和本地化支持。",
    "接口调用偶尔超时，技术支持已经定位到网络配置问题，下周复测。",
]
EN_SENTENCES = [
    "Reviewed adoption over the last quarter; the reporting module is now used daily by "
    "the finance team.",
    "The ops team wants single sign-on before renewal and asked for our security whitepaper.",
    "Discussed renewal scope and a possible upgrade to the enterprise plan with five more "
    "seats.",
    "They mentioned a competitor offered a lower price; we agreed to send a revised quote.",
    "Export performance at month end is still a concern; engineering committed to a fix.",
    "New IT director joined last month and would like an onboarding session for her team.",
    "Data migration completed and the customer signed the acceptance form.",
    "Procurement asked for updated invoicing details and a multi-year discount option.",
    "Quarterly business review: agreed on next year's priorities and a pilot in Singapore.",
    "API timeouts were traced to a proxy setting on their side; retest scheduled next week.",
]
CN_NEXT = ["两周内发送改进方案", "安排现场培训", "提交续约报价", "跟进单点登录上线时间",
           "发送企业版价格", "预约下次季度回顾", "确认发票信息", "协调技术支持复测"]
EN_NEXT = ["Send the revised quote", "Schedule onboarding", "Follow up on SSO timeline",
           "Share the security whitepaper", "Book the next QBR", "Confirm invoice details"]
CN_NEEDS = ["增加用户许可", "升级企业版", "移动端试用", "数据仓库对接", "华南分公司部署",
            "定制报表开发", "单点登录集成", "年度培训服务"]
EN_NEEDS = ["Add seats for the sales team", "Enterprise plan upgrade", "Mobile pilot",
            "Data warehouse connector", "Singapore rollout", "Custom reporting package"]
CN_TODOS = ["给{c}打电话确认续约意向", "发送报价单给{c}", "准备{c}的季度回顾材料",
            "跟进{c}提出的导出问题", "预约拜访{c}"]
EN_TODOS = ["Call {c} about the renewal", "Send the quote to {c}", "Prepare the QBR deck",
            "Follow up on the export issue", "Book a visit with {c}"]
KINDS = ["visit", "qbr", "call", "message", "meeting"]
KIND_WEIGHTS = [25, 8, 35, 20, 12]


def ts(value: datetime) -> str:
    """How SQLAlchemy's SQLite DateTime stores a (UTC) instant."""
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def naive_ts(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def paragraph(rng: random.Random, chinese: bool, low: int, high: int) -> str:
    """Text of ``low``..``high`` sentences."""
    pool = CN_SENTENCES if chinese else EN_SENTENCES
    joiner = "" if chinese else " "
    return joiner.join(rng.choice(pool) for _ in range(rng.randint(low, high)))


def spread(rng: random.Random, total: int, owners: int, minimum: int = 0) -> list[int]:
    """Owner index for each of ``total`` children; every owner gets ``minimum`` first, the
    rest go to owners with a skew (a few big accounts have many records)."""
    result = [i for i in range(owners) for _ in range(minimum)][:total]
    remaining = total - len(result)
    weights = [1.0 / (1 + (i % 50)) ** 0.5 for i in range(owners)]
    result += rng.choices(range(owners), weights=weights, k=remaining)
    return result


class Generator:
    def __init__(self, sizes: Sizes, seed: int, now: datetime) -> None:
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.now = now
        self.today = now.date()
        self.chinese: list[bool] = []
        self.names: list[str] = []
        self.renewal: dict[int, date] = {}
        self.last_visit: dict[int, datetime] = {}
        self.interaction_customer: list[int] = []

    # --- rows ---------------------------------------------------------------------------
    def customers(self) -> Iterator[tuple[object, ...]]:
        rng = self.rng
        for index in range(self.sizes.customers):
            cid = index + 1
            chinese = rng.random() < 0.7
            if chinese:
                brand, (trade, industry) = rng.choice(BRANDS), rng.choice(CN_INDUSTRIES)
                name = f"{rng.choice(CITIES)}{brand}{trade}{rng.choice(CN_SUFFIXES)}"
            else:
                industry = rng.choice(EN_INDUSTRIES)
                name = f"{rng.choice(EN_WORDS)} {industry} {rng.choice(EN_SUFFIXES)}".strip()
            name = f"{name} {cid}" if index >= 300 else name  # unique but realistic
            self.chinese.append(chinese)
            self.names.append(name)
            created = self.now - timedelta(days=rng.randint(30, 2200), minutes=rng.randint(0, 1440))
            state = rng.choices(["to_contact", "in_touch", "visited"], [35, 35, 30])[0]
            since = self.now - timedelta(days=rng.randint(0, 300))
            archived = ts(self.now - timedelta(days=rng.randint(1, 400))) \
                if rng.random() < 0.03 else None
            lost = (self.today - timedelta(days=rng.randint(1, 400))).isoformat() \
                if rng.random() < 0.02 else None
            yield (cid, name, company_key(name), industry, rng.choices("SABCD", [1, 3, 4, 3, 1])[0],
                   state, ts(max(since, created)), None, None,
                   paragraph(rng, chinese, 0, 2), rng.choice(["", "重点", "key", "pilot"]),
                   archived, lost, "竞品价格更低" if lost else "", ts(created), ts(created))

    def contacts(self) -> Iterator[tuple[object, ...]]:
        rng = self.rng
        owners = spread(rng, self.sizes.contacts, self.sizes.customers, minimum=1)
        seen: set[int] = set()
        for index, owner in enumerate(owners):
            cid = owner + 1
            chinese = self.chinese[owner]
            if chinese and rng.random() < 0.85:
                name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))
            else:
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            phone = f"1{rng.randint(30, 99)} {rng.randint(0, 9999):04d} {rng.randint(0, 9999):04d}"
            email = f"user{index + 1}@example{owner % 97}.com" if rng.random() < 0.8 else ""
            primary = owner not in seen
            seen.add(owner)
            yield (index + 1, cid, name, rng.choice(TITLES), phone, phone_key(phone), email,
                   email_key(email), f"wx{index + 1}" if chinese else "", int(primary), "",
                   ts(self.now - timedelta(days=rng.randint(1, 2000))))

    def contracts(self) -> Iterator[tuple[object, ...]]:
        rng = self.rng
        n_customers = self.sizes.customers
        with_contract = min(n_customers, self.sizes.contracts, round(n_customers * 0.95))
        owners = list(range(with_contract)) + rng.choices(
            range(with_contract), k=max(0, self.sizes.contracts - with_contract))
        latest_start: dict[int, date] = {}
        for index, owner in enumerate(owners):
            cid = owner + 1
            if cid in latest_start:  # an earlier, renewed contract
                end = latest_start[cid] - timedelta(days=1)
                kind = "new"
            else:
                end = self.today + timedelta(days=rng.randint(-60, 450))
                kind = "renewal" if rng.random() < 0.6 else "new"
            start = end - timedelta(days=364)
            latest_start[cid] = start
            if cid not in self.renewal or end > self.renewal[cid]:
                self.renewal[cid] = end
            amount = rng.choice([12_000, 36_000, 58_000, 98_000, 150_000, 280_000]) * 100
            yield (index + 1, cid, start.isoformat(), end.isoformat(), amount, "CNY",
                   (start - timedelta(days=rng.randint(0, 20))).isoformat(), kind,
                   ts(datetime.combine(start, datetime.min.time(), UTC)))

    def interactions(self) -> Iterator[tuple[object, ...]]:
        rng = self.rng
        owners = spread(rng, self.sizes.interactions, self.sizes.customers)
        for index, owner in enumerate(owners):
            cid = owner + 1
            chinese = self.chinese[owner]
            kind = rng.choices(KINDS, KIND_WEIGHTS)[0]
            occurred = self.now - timedelta(days=rng.randint(0, 1800), minutes=rng.randint(0, 1440))
            if kind in ("visit", "qbr") and (cid not in self.last_visit
                                              or occurred > self.last_visit[cid]):
                self.last_visit[cid] = occurred
            self.interaction_customer.append(cid)
            long_text = kind in ("visit", "qbr", "meeting")
            discussion = paragraph(rng, chinese, 2 if long_text else 1, 6 if long_text else 2)
            feedback = paragraph(rng, chinese, 0, 2)
            next_steps = rng.choice(CN_NEXT if chinese else EN_NEXT)
            attendees = "、".join(rng.choice(SURNAMES) + rng.choice(GIVEN)
                                 for _ in range(rng.randint(1, 3))) if chinese else "Anna, Tom"
            yield (index + 1, cid, kind, ts(occurred), attendees, discussion, feedback,
                   next_steps, ts(occurred), ts(occurred))

    def needs(self) -> Iterator[tuple[object, ...]]:
        rng = self.rng
        owners = spread(rng, self.sizes.needs, self.sizes.customers)
        for index, owner in enumerate(owners):
            chinese = self.chinese[owner]
            status = rng.choices(["open", "won", "dropped"], [60, 20, 20])[0]
            created = self.now - timedelta(days=rng.randint(0, 900))
            closed = ts(created + timedelta(days=rng.randint(1, 60))) if status != "open" \
                else None
            follow = (self.today + timedelta(days=rng.randint(-30, 120))).isoformat() \
                if status == "open" and rng.random() < 0.7 else None
            yield (index + 1, owner + 1, rng.choice(CN_NEEDS if chinese else EN_NEEDS),
                   paragraph(rng, chinese, 1, 3),
                   rng.choice([0, 20_000, 50_000, 120_000]) * 100, status, follow, closed,
                   ts(created))

    def todos(self) -> Iterator[tuple[object, ...]]:
        rng = self.rng
        zone = ZoneInfo(ZONE)
        owners = spread(rng, self.sizes.todos, self.sizes.customers)
        n_inter = len(self.interaction_customer)
        for index, owner in enumerate(owners):
            cid = owner + 1
            chinese = self.chinese[owner]
            contact = self.names[owner][:8]
            title = rng.choice(CN_TODOS if chinese else EN_TODOS).replace("{c}", contact)
            created = self.now - timedelta(days=rng.randint(0, 1500))
            done = rng.random() < 0.8
            done_at = created + timedelta(days=rng.randint(0, 30)) if done else None
            if done_at is not None and done_at > self.now:
                done_at = self.now
            interaction = rng.randint(1, n_inter) if n_inter and rng.random() < 0.3 else None
            remind_wall = remind_at = notify_at = fired_at = None
            state = "none"
            tz = ""
            if rng.random() < 0.6:
                base = created if done else self.now + timedelta(days=rng.randint(-20, 60))
                local = base.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
                remind_wall = local.replace(hour=rng.choice([9, 10, 14, 16]), minute=0)
                tz = ZONE
                remind_at = notify_at = wall_to_utc(remind_wall, ZONE)
                if done:
                    state = "dismissed"
                elif remind_at > self.now:
                    state = "pending"
                else:
                    state = rng.choice(["fired", "dismissed"])
                    fired_at = remind_at
            yield (index + 1, title, "", None if rng.random() < 0.02 else cid,
                   interaction if interaction and
                   self.interaction_customer[interaction - 1] == cid else None,
                   None, naive_ts(remind_wall) if remind_wall else None, tz,
                   ts(remind_at) if remind_at else None, ts(notify_at) if notify_at else None,
                   state, ts(fired_at) if fired_at else None,
                   ts(done_at) if done_at else None, "user", None, ts(created))

    def customer_updates(self) -> Iterator[tuple[object, ...]]:
        for index in range(self.sizes.customers):
            cid = index + 1
            renewal = self.renewal.get(cid)
            visit = self.last_visit.get(cid)
            yield (renewal.isoformat() if renewal else None, ts(visit) if visit else None, cid)

    def events(self) -> Iterator[tuple[object, ...]]:
        for index in range(self.sizes.customers):
            yield (index + 1, ts(self.now - timedelta(days=index % 2000 + 30)), "created", "{}")


INSERTS = {
    "customer": "INSERT INTO customer (id, name, name_key, industry, tier, state, state_since, "
    "renewal_date, last_visit_at, notes, tags, archived_at, lost_on, lost_reason, created_at, "
    "updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "contact": "INSERT INTO contact (id, customer_id, name, title, phone, phone_key, email, "
    "email_key, wechat, is_primary, notes, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
    "contract": "INSERT INTO contract (id, customer_id, start_date, end_date, amount_cents, "
    "currency, signed_on, kind, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
    "interaction": "INSERT INTO interaction (id, customer_id, kind, occurred_at, attendees, "
    "discussion, feedback, next_steps, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
    "need": "INSERT INTO need (id, customer_id, title, detail, amount_cents, status, "
    "follow_up_on, closed_at, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
    "todo": "INSERT INTO todo (id, title, notes, customer_id, interaction_id, need_id, "
    "remind_wall, remind_tz, remind_at, notify_at, reminder_state, fired_at, done_at, origin, "
    "origin_key, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "timelineevent": "INSERT INTO timelineevent (customer_id, occurred_at, kind, payload) "
    "VALUES (?,?,?,?)",
}


def generate(path: Path, sizes: Sizes, *, seed: int = 42, now: datetime = DEFAULT_NOW
             ) -> dict[str, float]:
    """Write a fresh data file at ``path``; returns row counts and the seconds it took."""
    started = time.perf_counter()
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    open_database(path).dispose()  # schema (and search index triggers) from the migrations
    gen = Generator(sizes, seed, now)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA cache_size = -200000")
        conn.execute("BEGIN")
        conn.executemany(INSERTS["customer"], gen.customers())
        conn.executemany(INSERTS["contact"], gen.contacts())
        conn.executemany(INSERTS["contract"], gen.contracts())
        conn.executemany(INSERTS["interaction"], gen.interactions())
        conn.executemany(INSERTS["need"], gen.needs())
        conn.executemany(INSERTS["todo"], gen.todos())
        conn.executemany(INSERTS["timelineevent"], gen.events())
        conn.executemany("UPDATE customer SET renewal_date = ?, last_visit_at = ? WHERE id = ?",
                         gen.customer_updates())
        conn.execute("COMMIT")
        conn.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")
        conn.execute("PRAGMA foreign_keys = ON")
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise RuntimeError(f"generated rows break foreign keys: {problems[:5]}")
        # No ANALYZE: the app never runs it, so users' files have no planner statistics.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    result: dict[str, float] = {k: float(v) for k, v in asdict(sizes).items()}
    result["seconds"] = round(time.perf_counter() - started, 2)
    result["megabytes"] = round(path.stat().st_size / 1e6, 1)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--now", default=DEFAULT_NOW.isoformat(),
                        help="the instant the portfolio is generated for (ISO, aware)")
    for name in asdict(Sizes()):
        parser.add_argument(f"--{name}", type=int, help=f"override the number of {name}")
    args = parser.parse_args(argv)
    sizes = Sizes().scaled(args.scale)
    for name in asdict(sizes):
        if getattr(args, name) is not None:
            setattr(sizes, name, getattr(args, name))
    now = datetime.fromisoformat(args.now)
    print(json.dumps(generate(args.out, sizes, seed=args.seed, now=now)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
