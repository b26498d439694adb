"""`python -m dwgk.bench data`: a realistic dataset in the configured database, for `bench portal`.

    python -m dwgk.bench data --units 5000 --disclosures 1000000 --members 50000 [--seed N] [--reset]

Upper levels → units (each with a branch, five departments and the seed's catalog of 8 categories
and 35 items, approved) → members with memberships and roles → disclosures of every state and
scope over 2019–2026 with Chinese titles and bodies of a few hundred characters → the search index.

This is data generation, not the workflow: it writes rows in bulk (executemany in large batches,
one transaction per batch) and bypasses the services, the audit trail and the mail. The search
index is filled with the same token strings `search.text.index_text` would produce: bodies are
composed from sentences whose tokens are computed once, and because every sentence ends with
punctuation the tokens of a body are exactly the joined tokens of its sentences (checked on a
sample at the end). The baseline printed is rows per second of a plain insert into a scratch
table measured in the same run, so the ratio does not depend on the machine.
"""

import argparse
import csv
import datetime
import multiprocessing
import os
import random
import sys
import time
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from catalog.models import CatalogVersion, Category, DisclosureForm, Item, Scope, TimeLimit
from disclosures.models import Disclosure
from organizations.models import Department, Membership, Organization, Role, RoleAssignment, User
from search.text import BREAK, index_text, jieba_words, stream_tokens

PREFIX = "bench"
BENCH_PASSWORD = "bench-password"
SEED_CSV = Path(__file__).resolve().parents[2] / "catalog" / "data" / "yueyang_statistics_2011.csv"
BATCH = 20000
TZ = datetime.timezone(datetime.timedelta(hours=8))
S = Disclosure.Status

DISTRICTS = [
    "岳阳楼区",
    "云溪区",
    "君山区",
    "岳阳县",
    "华容县",
    "湘阴县",
    "平江县",
    "汨罗市",
    "临湘市",
    "市直",
]
BUREAUS = [
    "统计局",
    "财政局",
    "教育局",
    "公安局",
    "民政局",
    "司法局",
    "人社局",
    "自然资源局",
    "生态环境局",
    "住建局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "商务局",
    "文旅广体局",
    "卫健委",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监管局",
    "林业局",
    "医保局",
    "城管局",
    "信访局",
    "档案馆",
    "科技局",
    "发改委",
    "工信局",
    "机关事务局",
    "供销社",
    "总工会",
    "团委",
    "妇联",
    "科协",
    "残联",
    "侨联",
]
DEPARTMENTS = ["办公室", "人事科", "监察室", "机关工会", "机关支部"]
PERIODS = [
    "第一季度",
    "第二季度",
    "第三季度",
    "第四季度",
    "上半年",
    "下半年",
    "年度",
    "1月",
    "3月",
    "5月",
    "6月",
    "9月",
    "11月",
    "12月",
]
TITLE_FORMS = [
    "{y}年{p}{c}",
    "关于{y}年{p}{c}的公示",
    "{y}年{c}（{p}）",
    "关于{c}的通报（{y}年{p}）",
]
GENERIC = [
    "根据党务公开工作有关要求，现将相关情况公开如下。",
    "本单位党组高度重视党务公开工作，严格按照公开目录和公开程序办理。",
    "公开内容经党务公开工作办公室审核、党组审批后发布。",
    "欢迎广大党员群众监督，如有意见建议请通过党务公开意见箱反映。",
    "下一步，我们将继续完善党务公开制度，推进党务公开规范化、制度化。",
    "联系电话：0730-{n}，联系人：党务公开工作办公室。",
    "本次公开的时间为{y}年{m}月{d}日至{y}年{m2}月{d}日。",
    "机关支部于{y}年{m}月{d}日召开支部党员大会，应到党员{a}人，实到{b}人。",
    "会议传达学习了上级有关文件精神，研究部署了下一阶段工作任务。",
    "各支部要结合实际，认真抓好贯彻落实，确保各项工作取得实效。",
]
SPECIFIC = {
    "党费": [
        "{y}年{p}共收缴党费{n}元，其中在职党员交纳{a}元，离退休党员交纳{b}元。",
        "党费按月收缴，按规定比例上缴上级党委，余额{a}元存入党费专户。",
        "本期党费使用{b}元，主要用于党员教育培训和慰问困难党员。",
    ],
    "换届": [
        "机关支部委员会任期届满，经上级党组织批准，于{y}年{m}月{d}日进行换届选举。",
        "换届选举采用无记名投票方式，差额选举产生新一届支部委员会委员{a}名。",
        "新一届支部委员会第一次会议选举产生了支部书记和副书记。",
    ],
    "考核": [
        "根据年度考核办法，对各党支部开展考核，考核结果分为优秀、良好、一般、较差四个等次。",
        "经民主评议和综合考核，{a}个党支部被评为优秀等次。",
        "党员民主评议结果：优秀党员{a}名，合格党员{b}名。",
    ],
    "发展党员": [
        "{y}年{p}接收预备党员{a}名，预备党员按期转正{b}名。",
        "发展对象经支部大会讨论通过，报上级党委审批，现予以公示，公示期为五个工作日。",
    ],
    "学习": [
        "党组中心组{y}年共开展集中学习{a}次，专题研讨{b}次。",
        "学习内容包括党的路线方针政策、党内法规和业务知识。",
    ],
    "经费": [
        "{y}年党的工作经费预算{n}元，实际支出{a}元，主要用于党员活动阵地建设。",
    ],
    "决策": [
        "党组会议研究决定了“三重一大”事项{a}项，均按程序集体决策。",
        "重要决策部署贯彻执行情况良好，各项任务按期推进。",
    ],
    "干部": [
        "根据干部选拔任用有关规定，经党组研究，拟任用{a}名同志，现予以公示。",
        "干部选拔任用工作严格执行民主推荐、考察、酝酿、讨论决定等程序。",
    ],
}


DISCLOSURE_COLUMNS = [
    "id",
    "unit_id",
    "item_id",
    "department_id",
    "title",
    "body",
    "scope",
    "status",
    "revision",
    "secrecy_review",
    "withholding",
    "withheld_reason",
    "retracted_reason",
    "created_at",
    "updated_at",
    "approved_at",
    "published_at",
    "public_at",
    "archived_at",
]
STATES = (
    [S.PUBLIC] * 55
    + [S.INTERNAL] * 23
    + [S.ARCHIVED] * 8
    + [S.RETENTION_ENDED] * 2
    + [S.WITHHELD] * 2
    + [S.RETRACTED] * 1
    + [S.DRAFT] * 4
    + [S.SUBMITTED] * 2
    + [S.REVIEWED] * 1
    + [S.APPROVED] * 2
)
# What the forked generator processes read (set before the pool starts, never written after).
_GENERATOR: dict = {}


def _disclosure_batch(task: tuple[int, int, int]) -> tuple[list, list, list, list]:
    """Rows of one batch: (disclosures, their forms, search index rows, token samples to check).
    Runs in a worker process; seeded per batch, so the data do not depend on the worker count."""
    first_id, size, seed = task
    g = _GENERATOR
    rng = random.Random(seed)
    sentences, titles = g["sentences"], g["titles"]
    sentences.rng = rng
    unit_ids, items_by_unit, dept_ids = g["unit_ids"], g["items_by_unit"], g["dept_ids"]
    rows, form_rows, index_rows, samples = [], [], [], []
    postgres = connection.vendor == "postgresql"
    for pk in range(first_id, first_id + size):
        unit_id = rng.choice(unit_ids)
        item_id, content, item_scope, number = rng.choice(items_by_unit[unit_id])
        year = rng.randrange(2019, 2027)
        status = rng.choice(STATES)
        scope = (
            item_scope
            if rng.random() < 0.7
            else rng.choice([Scope.PUBLIC, Scope.INTERNAL_THEN_PUBLIC])
        )
        if status == S.PUBLIC and scope == Scope.INTERNAL:
            scope = Scope.INTERNAL_THEN_PUBLIC
        when = _timestamp(year, rng)
        readable = status in Disclosure.READABLE or status == S.RETRACTED
        public = status == S.PUBLIC or (
            status in (S.ARCHIVED, S.RETENTION_ENDED)
            and scope != Scope.INTERNAL
            and rng.random() < 0.7
        )
        key = (year, rng.choice(PERIODS), rng.randrange(len(TITLE_FORMS)), number, content)
        if key not in titles:
            title = TITLE_FORMS[key[2]].format(y=year, p=key[1], c=content)[:200]
            titles[key] = (title, index_text(title))
        title, title_tokens = titles[key]
        body, body_tokens = sentences.body(_topic(content), content, rng.randrange(6, 12))
        stamp = _dt(when)
        rows.append(
            (
                pk,
                unit_id,
                item_id,
                dept_ids[unit_id][DEPARTMENTS[number % len(DEPARTMENTS)]],
                title,
                body,
                scope,
                status,
                1,
                "{}",
                "not_yet" if status == S.WITHHELD else "",
                "暂不宜公开（基准数据）" if status == S.WITHHELD else "",
                "内容有误（基准数据）" if status == S.RETRACTED else "",
                stamp,
                stamp,
                stamp if readable else None,
                stamp if readable else None,
                stamp if public else None,
                stamp if status == S.ARCHIVED else None,
            )
        )
        item_form_ids = g["forms_of_item"].get(item_id) or [g["intranet"]]
        for form_id in rng.sample(item_form_ids, k=min(len(item_form_ids), rng.randrange(1, 3))):
            form_rows.append((pk, form_id))
        vector = _tsvector(title_tokens, body_tokens) if postgres else None
        index_rows.append((pk, title_tokens, body_tokens, vector))
        if len(samples) < 2 and rng.random() < 0.001:
            samples.append((title, body, title_tokens, body_tokens, pk))
    return rows, form_rows, index_rows, samples


# PostgreSQL keeps positions up to 16383; the text of each position with its weight, made once.
_MAX_POSITION = 16383
_POSITIONS = {
    weight: [f"{min(n, _MAX_POSITION)}{weight}" for n in range(_MAX_POSITION + 2)]
    for weight in "AB"
}


def _tsvector(title_tokens: str, body_tokens: str) -> str:
    """The text form of what search.services stores for these token strings on PostgreSQL,
    setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', body), 'B'):
    each token at its position (the body's after the title's), title weight A, body B. Made in the worker processes, so the database only reads it (checked
    against PostgreSQL's own result on a sample at the end). Tokens hold no quote or backslash
    (search.text makes them of letters and digits)."""
    title, body = title_tokens.split(), body_tokens.split()
    if len(title) >= 255 or len(body) >= 255:
        return _tsvector_capped(title, body)
    # No cap can apply below 255 tokens a field (the usual case): plain positions.
    positions: dict[str, list[str]] = {}
    for texts, tokens, first in (
        (_POSITIONS["A"], title, 1),
        (_POSITIONS["B"], body, len(title) + 1),
    ):
        for position, token in enumerate(tokens, start=first):
            found = positions.get(token)
            if found is None:
                positions[token] = [texts[position]]
            else:
                found.append(texts[position])
    if len(title) + len(body) > 256:
        positions = {token: found[:256] for token, found in positions.items()}
    return " ".join([f"'{token}':{','.join(found)}" for token, found in positions.items()])


def _tsvector_capped(title: list[str], body: list[str]) -> str:
    """_tsvector for long fields, with PostgreSQL's limits: positions up to 16383, 255 positions a
    token from to_tsvector, 256 after `||`, which moves the body past the title's largest."""
    positions: dict[str, list[str]] = {}
    offset = 0
    for weight, tokens in (("A", title), ("B", body)):
        texts = _POSITIONS[weight]
        counts: dict[str, int] = {}
        largest = 0
        for position, token in enumerate(tokens, start=1):
            count = counts.get(token, 0)
            if count < 255:
                counts[token] = count + 1
                at = min(min(position, _MAX_POSITION) + offset, _MAX_POSITION)
                largest = at
                found = positions.setdefault(token, [])
                if len(found) < 256:
                    found.append(texts[at])
        offset = largest
    return " ".join([f"'{token}':{','.join(found)}" for token, found in positions.items()])


def _bulk_load_pragmas(*, on: bool) -> None:
    """For the bench database: no fsync while loading (a crash means running the generator again);
    on SQLite no journal either, the usual WAL journal afterwards; on PostgreSQL memory enough to
    build the indexes afterwards in one pass each (this connection only)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET synchronous_commit = {'off' if on else 'on'}")
            cursor.execute(f"SET maintenance_work_mem = '{'1GB' if on else '64MB'}'")
            # Every id written here was just read from the rows it points to: skip the millions of
            # foreign-key checks (triggers) while loading. Allowed to superusers only; others load
            # with the checks on, more slowly. Caches are invalidated at the end (main()).
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute(f"SET session_replication_role = {'replica' if on else 'origin'}")
        return
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        # FTS5 flushes its pending terms as a new segment every `hashsize` bytes (1 MB by default)
        # and merges segments as they pile up; one segment per batch saves most of that work.
        hashsize = 64 * 1024 * 1024 if on else 1024 * 1024
        cursor.execute(
            "INSERT INTO search_fts (search_fts, rank) VALUES ('hashsize', %s)", [hashsize]
        )
        if on:
            cursor.execute("PRAGMA journal_mode=OFF")
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-400000")
            cursor.execute("PRAGMA threads=2")
        else:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")


def _bulk_insert(table: str, columns: list[str], rows: list[tuple]) -> None:
    """executemany on SQLite; COPY on PostgreSQL (several times faster than INSERT)."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})",
                rows,
            )


def _timestamp(year, rng) -> datetime.datetime:
    day = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
    return datetime.datetime(
        day.year, day.month, day.day, rng.randrange(8, 18), rng.randrange(60), tzinfo=TZ
    )


class Sentences:
    """Sentences with their stream tokens and jieba words computed once, composed into bodies."""

    def __init__(self, rng: random.Random, variants: int = 40):
        self.rng = rng
        self.pools: dict[str, list[tuple[str, str, list[str]]]] = {}
        self.leads: dict[str, tuple[str, str, list[str]]] = {}
        for key, templates in [("", GENERIC), *SPECIFIC.items()]:
            pool = []
            for template in templates:
                for _ in range(variants if "{" in template else 1):
                    text = template.format(
                        y=rng.randrange(2019, 2027),
                        m=rng.randrange(1, 7),
                        m2=rng.randrange(7, 13),
                        d=rng.randrange(1, 29),
                        n=rng.randrange(1000, 99999),
                        a=rng.randrange(2, 60),
                        b=rng.randrange(1, 40),
                        p=rng.choice(PERIODS),
                    )
                    pool.append((text, " ".join(stream_tokens(text)), jieba_words(text)))
            self.pools[key] = pool

    def body(self, topic: str, content: str, count: int) -> tuple[str, str]:
        if content not in self.leads:
            lead = f"现将{content}公开如下。"
            self.leads[content] = (lead, " ".join(stream_tokens(lead)), jieba_words(lead))
        picks = [self.leads[content]]
        specific = self.pools.get(topic) or []
        for _ in range(count):
            pool = specific if specific and self.rng.random() < 0.5 else self.pools[""]
            picks.append(self.rng.choice(pool))
        text = "".join(p[0] for p in picks)
        words: dict[str, None] = {}
        for p in picks:
            for w in p[2]:
                words.setdefault(w, None)
        stream = f" {BREAK} ".join(p[1] for p in picks)
        tokens = " ".join([stream, BREAK, *words]) if words else stream
        return text, tokens


def _topic(content: str) -> str:
    for key in SPECIFIC:
        if key in content:
            return key
    if "民主评议" in content or "考核" in content:
        return "考核"
    if "决策" in content or "三重一大" in content:
        return "决策"
    if "干部" in content or "任免" in content:
        return "干部"
    return ""


def _seed_catalog() -> list[dict]:
    forms = {f.name: f.code for f in DisclosureForm.objects.all()}
    for f in DisclosureForm.objects.all():
        for alias in filter(None, f.aliases.split("、")):
            forms.setdefault(alias, f.code)
    limits = {str(label): value for value, label in TimeLimit.choices}
    limits["随时"] = TimeLimit.IMMEDIATE
    scopes = {str(label): value for value, label in Scope.choices}
    items, category = [], ""
    with SEED_CSV.open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            category = row["类别"].strip() or category
            items.append(
                {
                    "category": category,
                    "number": int(row["序号"]),
                    "content": row["公开内容"].strip(),
                    "forms": [forms[n] for n in row["公开形式"].split("、") if n in forms],
                    "time_limit": limits.get(row["公开时限"].strip(), TimeLimit.PERIODIC),
                    "scope": scopes.get(row["公开范围"].strip(), Scope.INTERNAL),
                    "departments": [d for d in row["责任处室"].split("、") if d in DEPARTMENTS],
                }
            )
    return items


def _executemany(sql: str, rows: list) -> None:
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)


def _dt(value):
    return connection.ops.adapt_datetimefield_value(value) if value else None


def has_bench_data() -> bool:
    return Organization.objects.filter(code=f"{PREFIX}-root").exists()


def reset() -> None:
    """Remove every row this generator made (the bench organizations' subtree and bench users)."""
    root = Organization.objects.filter(code=f"{PREFIX}-root").first()
    if root is None:
        return
    units = f"(SELECT id FROM organizations_organization WHERE path LIKE '{root.path}%%')"
    disclosures = f"(SELECT id FROM disclosures_disclosure WHERE unit_id IN {units})"
    versions = f"(SELECT id FROM catalog_catalogversion WHERE unit_id IN {units})"
    items = f"(SELECT id FROM catalog_item WHERE version_id IN {versions})"
    users = f"(SELECT id FROM organizations_user WHERE username LIKE '{PREFIX}-%%')"
    statements = []
    if connection.vendor == "sqlite":
        statements.append(f"DELETE FROM search_fts WHERE rowid IN {disclosures}")
    statements += [
        f"DELETE FROM search_searchdocument WHERE disclosure_id IN {disclosures}",
        f"DELETE FROM disclosures_disclosure_forms WHERE disclosure_id IN {disclosures}",
        f"DELETE FROM disclosures_disclosure WHERE id IN {disclosures}",
        f"DELETE FROM catalog_item_forms WHERE item_id IN {items}",
        f"DELETE FROM catalog_item_departments WHERE item_id IN {items}",
        f"DELETE FROM catalog_item WHERE id IN {items}",
        f"DELETE FROM catalog_category WHERE version_id IN {versions}",
        f"DELETE FROM catalog_catalogversion WHERE id IN {versions}",
        f"DELETE FROM organizations_roleassignment WHERE user_id IN {users}",
        f"DELETE FROM organizations_membership WHERE user_id IN {users}",
        f"DELETE FROM organizations_session WHERE user_id IN {users}",
        f"DELETE FROM organizations_user WHERE id IN {users}",
        f"DELETE FROM organizations_department WHERE unit_id IN {units}",
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement.replace("%%", "%"))
        # Children before parents.
        cursor.execute(
            "DELETE FROM organizations_organization WHERE path LIKE %s AND tier = 'branch'",
            [root.path + "%"],
        )
        cursor.execute(
            "DELETE FROM organizations_organization WHERE path LIKE %s AND tier = 'unit'",
            [root.path + "%"],
        )
        cursor.execute(
            "DELETE FROM organizations_organization WHERE path LIKE %s AND id <> %s",
            [root.path + "%", root.pk],
        )
        cursor.execute("DELETE FROM organizations_organization WHERE id = %s", [root.pk])


def _secondary_indexes(table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of a table's indexes that no constraint depends on."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%'",
                [table],
            )
        else:
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
                "AND i.indexdef NOT LIKE 'CREATE UNIQUE%%' AND NOT EXISTS ("
                "SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                [table],
            )
        return list(cursor.fetchall())


def _drop_indexes(indexes) -> None:
    # Building an index once over the loaded rows is many times faster than updating it per row.
    with connection.cursor() as cursor:
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')


def _create_indexes(indexes) -> None:
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)


def _caches_invalidated() -> None:
    """The data changed outside the services: no page cached before may be served again."""
    from pagecache.cache import public_content_changed

    with transaction.atomic():
        public_content_changed()
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE portal_publiccontentversion SET access_version = access_version + 1"
            )


def _baseline(rows: int = 200000) -> float:
    """Rows per second of a plain executemany into a scratch table, in this run on this database."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_baseline (id integer, title varchar(200), n integer)"
        )
        start = time.perf_counter()
        cursor.executemany(
            "INSERT INTO bench_baseline (id, title, n) VALUES (%s, %s, %s)",
            [(i, "党务公开基准行", i % 97) for i in range(rows)],
        )
        elapsed = time.perf_counter() - start
        cursor.execute("DROP TABLE bench_baseline")
    return rows / elapsed


def _copy_catalog(template: CatalogVersion, version_ids: list[int]) -> None:
    """Copy the template version's categories, items (each with a lineage of its own), forms and
    responsible departments (matched by name in each unit) to the other versions."""
    if not version_ids:
        return
    new_uuid = (
        "lower(hex(randomblob(16)))" if connection.vendor == "sqlite" else "gen_random_uuid()"
    )
    item_columns = [
        f.column
        for f in Item._meta.concrete_fields
        if f.column not in ("id", "version_id", "category_id", "lineage")
    ]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_versions (id bigint PRIMARY KEY)")
        cursor.executemany(
            "INSERT INTO bench_versions (id) VALUES (%s)", [(i,) for i in version_ids]
        )
        cursor.execute(
            "INSERT INTO catalog_category (version_id, name, sort_order) "
            "SELECT v.id, c.name, c.sort_order FROM bench_versions v, catalog_category c "
            "WHERE c.version_id = %s",
            [template.pk],
        )
        cols = ", ".join(f"i.{c}" for c in item_columns)
        cursor.execute(
            f"INSERT INTO catalog_item (version_id, category_id, lineage, {', '.join(item_columns)}) "
            f"SELECT v.id, nc.id, {new_uuid}, {cols} FROM bench_versions v "
            "JOIN catalog_item i ON i.version_id = %s "
            "JOIN catalog_category c ON c.id = i.category_id "
            "JOIN catalog_category nc ON nc.version_id = v.id AND nc.name = c.name",
            [template.pk],
        )
        cursor.execute(
            "INSERT INTO catalog_item_forms (item_id, disclosureform_id) "
            "SELECT ni.id, f.disclosureform_id FROM bench_versions v "
            "JOIN catalog_item i ON i.version_id = %s "
            "JOIN catalog_item_forms f ON f.item_id = i.id "
            "JOIN catalog_item ni ON ni.version_id = v.id AND ni.number = i.number",
            [template.pk],
        )
        cursor.execute(
            "INSERT INTO catalog_item_departments (item_id, department_id) "
            "SELECT ni.id, nd.id FROM bench_versions v "
            "JOIN catalog_catalogversion cv ON cv.id = v.id "
            "JOIN catalog_item i ON i.version_id = %s "
            "JOIN catalog_item_departments d ON d.item_id = i.id "
            "JOIN organizations_department od ON od.id = d.department_id "
            "JOIN catalog_item ni ON ni.version_id = v.id AND ni.number = i.number "
            "JOIN organizations_department nd ON nd.unit_id = cv.unit_id AND nd.name = od.name",
            [template.pk],
        )
        cursor.execute("DROP TABLE bench_versions")


def _organizations(units: int, rng) -> tuple[list[Organization], list[Organization]]:
    root = Organization.objects.create(
        code=f"{PREFIX}-root",
        name="基准测试上级党工委",
        short_name="基准上级",
        kind=Organization.Kind.WORK_COMMITTEE,
        tier=Organization.Tier.UPPER,
        path="",
    )
    Organization.objects.filter(pk=root.pk).update(path=f"/{root.pk}/")
    root.path = f"/{root.pk}/"
    uppers = []
    for index, district in enumerate(DISTRICTS):
        upper = Organization.objects.create(
            code=f"{PREFIX}-upper-{index}",
            name=f"中共{district}直机关工作委员会（基准）",
            short_name=f"{district}直机关工委",
            kind=Organization.Kind.WORK_COMMITTEE,
            tier=Organization.Tier.UPPER,
            parent=root,
            path="",
        )
        upper.path = f"{root.path}{upper.pk}/"
        Organization.objects.filter(pk=upper.pk).update(path=upper.path)
        uppers.append(upper)
    made = []
    for n in range(units):
        upper = uppers[n % len(uppers)]
        bureau = BUREAUS[(n // len(uppers)) % len(BUREAUS)]
        serial = n // (len(uppers) * len(BUREAUS))
        suffix = f"第{serial + 1}分局" if serial else ""
        district = DISTRICTS[n % len(DISTRICTS)]
        made.append(
            Organization(
                code=f"{PREFIX}-u{n:05d}",
                name=f"中共{district}{bureau}{suffix}党组（基准{n}）",
                short_name=f"{district}{bureau}{suffix}",
                kind=Organization.Kind.PARTY_GROUP,
                tier=Organization.Tier.UNIT,
                parent=upper,
                path="",
                sort_order=n,
            )
        )
    made = Organization.objects.bulk_create(made, batch_size=2000)
    upper_paths = {u.pk: u.path for u in uppers}
    for unit in made:
        unit.path = f"{upper_paths[unit.parent_id]}{unit.pk}/"
    Organization.objects.bulk_update(made, ["path"], batch_size=2000)
    branches = Organization.objects.bulk_create(
        [
            Organization(
                code=f"{unit.code}-jgzb",
                name=f"{unit.name}机关支部",
                short_name="机关支部",
                kind=Organization.Kind.BRANCH,
                tier=Organization.Tier.BRANCH,
                parent=unit,
                path="",
            )
            for unit in made
        ],
        batch_size=2000,
    )
    for unit, branch in zip(made, branches, strict=True):
        branch.path = f"{unit.path}{branch.pk}/"
    Organization.objects.bulk_update(branches, ["path"], batch_size=2000)
    return made, branches


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dwgk.bench data", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--disclosures", type=int, default=20000)
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2011)
    parser.add_argument("--reset", action="store_true", help="remove earlier bench data first")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="text generator processes"
    )
    args = parser.parse_args(argv)
    from tqdm import tqdm

    if has_bench_data():
        if not args.reset:
            print(
                "数据库中已有基准数据；如需重建请加 --reset / The database already holds bench data; "
                "add --reset to replace it.",
                file=sys.stderr,
            )
            return 1
        print("删除旧的基准数据 / removing the earlier bench data …")
        reset()

    rng = random.Random(args.seed)
    _bulk_load_pragmas(on=True)
    baseline = _baseline()  # a measurement for the ratio, not part of building the data
    started = time.perf_counter()
    catalog = _seed_catalog()
    forms_by_code = dict(DisclosureForm.objects.values_list("code", "id"))

    bar = tqdm(total=args.disclosures, desc="bench data: units", unit=" disclosures")

    with transaction.atomic():
        units, branches = _organizations(args.units, rng)
    bar.set_description("bench data: departments")

    with transaction.atomic():
        departments = Department.objects.bulk_create(
            [
                Department(unit=unit, name=name, is_office_seat=name == "机关支部", sort_order=i)
                for unit in units
                for i, name in enumerate(DEPARTMENTS)
            ],
            batch_size=5000,
        )
    dept_ids = {}
    for dept in departments:
        dept_ids.setdefault(dept.unit_id, {})[dept.name] = dept.pk
    bar.set_description("bench data: catalogs")

    # The seed's catalog for every unit, approved in 2019.
    effective = datetime.date(2019, 1, 1)
    approved_at = datetime.datetime(2019, 1, 1, 9, tzinfo=TZ)
    with transaction.atomic():
        versions = CatalogVersion.objects.bulk_create(
            [
                CatalogVersion(
                    unit=unit,
                    number=1,
                    title="党务公开目录",
                    status=CatalogVersion.Status.APPROVED,
                    created_at=approved_at,
                    approved_at=approved_at,
                    effective_from=effective,
                    approval_reference="党组会议纪要（基准）",
                )
                for unit in units
            ],
            batch_size=5000,
        )
        names = list(dict.fromkeys(row["category"] for row in catalog))
        # The first unit's catalog through the ORM, then copied to every other unit in SQL
        # (a few statements instead of hundreds of thousands of model instances).
        template = versions[0]
        categories = Category.objects.bulk_create(
            [Category(version=template, name=name, sort_order=i) for i, name in enumerate(names)]
        )
        category_ids = {c.name: c.pk for c in categories}
        items = Item.objects.bulk_create(
            [
                Item(
                    version=template,
                    category_id=category_ids[row["category"]],
                    number=row["number"],
                    content=row["content"],
                    time_limit=row["time_limit"],
                    scope=row["scope"],
                )
                for row in catalog
            ]
        )
        template_depts = dept_ids[template.unit_id]
        _executemany(
            "INSERT INTO catalog_item_forms (item_id, disclosureform_id) VALUES (%s, %s)",
            [
                (item.pk, forms_by_code[code])
                for item, row in zip(items, catalog, strict=True)
                for code in row["forms"]
            ],
        )
        _executemany(
            "INSERT INTO catalog_item_departments (item_id, department_id) VALUES (%s, %s)",
            [
                (item.pk, template_depts[name])
                for item, row in zip(items, catalog, strict=True)
                for name in row["departments"]
            ],
        )
        _copy_catalog(template, [v.pk for v in versions[1:]])
    unit_of_version = {v.pk: v.unit_id for v in versions}
    item_forms = list(
        Item.forms.through.objects.filter(item__version__in=versions).values_list(
            "item_id", "disclosureform_id"
        )
    )
    bar.set_description("bench data: members")

    # Members: party members of a unit's branch, some with roles.
    password = make_password(BENCH_PASSWORD)
    joined = _dt(datetime.datetime(2019, 1, 1, tzinfo=TZ))
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅文斌宇浩凯"
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO organizations_user (password, is_superuser, username, first_name, last_name, "
                "email, is_staff, is_active, date_joined, full_name, phone) "
                "VALUES (%s, %s, %s, '', '', '', %s, %s, %s, %s, '')",
                [
                    (
                        password,
                        False,
                        f"{PREFIX}-m{n:06d}",
                        False,
                        True,
                        joined,
                        rng.choice(surnames) + rng.choice(given) + rng.choice(["", *given]),
                    )
                    for n in range(args.members)
                ],
            )
        user_ids = list(
            User.objects.filter(username__startswith=f"{PREFIX}-m")
            .order_by("username")
            .values_list("id", flat=True)
        )
        memberships, roles = [], []
        for n, user_id in enumerate(user_ids):
            index = n % len(units)
            unit, branch = units[index], branches[index]
            dept = dept_ids[unit.pk][DEPARTMENTS[n % len(DEPARTMENTS)]]
            memberships.append(Membership(user_id=user_id, organization=branch, department_id=dept))
            rank = n // len(units)
            role = {0: Role.OFFICE_MEMBER, 1: Role.GROUP_LEADER, 2: Role.SUPERVISOR}.get(rank)
            if rank == 3:
                roles.append(
                    RoleAssignment(
                        user_id=user_id, organization=unit, role=Role.DRAFTER, department_id=dept
                    )
                )
            elif role:
                roles.append(RoleAssignment(user_id=user_id, organization=unit, role=role))
        Membership.objects.bulk_create(memberships, batch_size=5000)
        RoleAssignment.objects.bulk_create(roles, batch_size=5000)
    bar.set_description("bench data: prepare")

    # Disclosures, their forms and the search index, in batches generated by worker processes
    # (text composition is CPU-bound) while this process writes the previous batch.
    item_rows = list(
        Item.objects.filter(version__in=versions).values_list(
            "id", "version_id", "content", "scope", "number"
        )
    )
    items_by_unit: dict[int, list] = {}
    for item_id, version_id, content, scope, number in item_rows:
        items_by_unit.setdefault(unit_of_version[version_id], []).append(
            (item_id, content, scope, number)
        )
    forms_of_item: dict[int, list[int]] = {}
    for item_id, form_id in item_forms:
        forms_of_item.setdefault(item_id, []).append(form_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM disclosures_disclosure")
        first_id = cursor.fetchone()[0] + 1
    _GENERATOR.update(
        sentences=Sentences(rng),
        titles={},
        unit_ids=[u.pk for u in units],
        items_by_unit=items_by_unit,
        forms_of_item=forms_of_item,
        intranet=forms_by_code["intranet"],
        dept_ids=dept_ids,
    )
    tasks = [
        (first_id + start, min(BATCH, args.disclosures - start), args.seed * 100003 + start)
        for start in range(0, args.disclosures, BATCH)
    ]
    bar.set_description("bench data: disclosures")
    dropped = [
        *_secondary_indexes("disclosures_disclosure"),
        *_secondary_indexes("disclosures_disclosure_forms"),
        *_secondary_indexes("search_searchdocument"),  # PostgreSQL's GIN index on the vector
    ]
    _drop_indexes(dropped)
    samples = []
    now = _dt(timezone.now())
    connection.close()  # the workers are forked: they must not share this process's connection
    workers = max(1, min(args.workers, os.cpu_count() or 1))
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        _bulk_load_pragmas(on=True)
        pending = [pool.apply_async(_disclosure_batch, (task,)) for task in tasks[: workers + 1]]
        queued = len(pending)
        while pending:
            rows, form_rows, index_rows, batch_samples = pending.pop(0).get()
            if queued < len(tasks):
                pending.append(pool.apply_async(_disclosure_batch, (tasks[queued],)))
                queued += 1
            samples += batch_samples
            with transaction.atomic():
                t0 = time.perf_counter()
                _bulk_insert("disclosures_disclosure", DISCLOSURE_COLUMNS, rows)
                t1 = time.perf_counter()
                _bulk_insert(
                    "disclosures_disclosure_forms",
                    ["disclosure_id", "disclosureform_id"],
                    form_rows,
                )
                t2 = time.perf_counter()
                _index_bulk(index_rows, now)
                t3 = time.perf_counter()
            if os.environ.get("DWGK_BENCH_TRACE"):
                print(
                    f" disclosures {t1 - t0:.2f}s forms {t2 - t1:.2f}s index {t3 - t2:.2f}s",
                    file=sys.stderr,
                )
            bar.update(len(rows))
    bar.set_description("bench data: indexes")
    _create_indexes(dropped)
    _bulk_load_pragmas(on=False)
    _caches_invalidated()
    bar.close()
    elapsed = time.perf_counter() - started

    mismatched = [s for s in samples if index_text(s[0]) != s[2] or index_text(s[1]) != s[3]]
    vectors_differ = _vectors_differ(samples)
    if vectors_differ:
        print(
            f"检索向量不一致 / search vectors differ for {vectors_differ} sampled rows",
            file=sys.stderr,
        )
        return 1
    if mismatched:
        print(
            f"索引词不一致 / index tokens differ for {len(mismatched)} sampled rows",
            file=sys.stderr,
        )
        return 1
    # Planner statistics: without them SQLite sorts every public disclosure for the home page's
    # fifteen newest instead of walking the published_at index (PostgreSQL's autovacuum would
    # analyze eventually; a deployment runs `ANALYZE` / `PRAGMA optimize` after a bulk import).
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=0")  # exact: sampled stats misjudge status
        cursor.execute("ANALYZE")
    total_rows = args.disclosures * 4 + args.members * 3 + args.units * 60
    print()
    print(f"database            {connection.vendor}")
    print(f"units               {args.units}")
    print(f"members             {args.members}")
    print(f"disclosures         {args.disclosures} (+ forms, search documents and index)")
    print(
        f"elapsed             {elapsed:.0f} s  (target: under 300 s)  {'OK' if elapsed < 300 else 'SLOW'}"
    )
    rate = total_rows / elapsed
    print(
        f"rows per second     {rate:.0f} = {rate / baseline:.2f} x a plain 3-column insert ({baseline:.0f}/s)"
    )
    print(f"bench member login  {PREFIX}-m000000 / {BENCH_PASSWORD}")
    return 0


def _index_bulk(index_rows, now) -> None:
    if connection.vendor == "sqlite":
        _bulk_insert(
            "search_searchdocument",
            ["disclosure_id", "text", "refreshed_at"],
            [(pk, "", now) for pk, _title, _body, _vector in index_rows],
        )
        _executemany(
            "INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)",
            [(pk, title, body) for pk, title, body, _vector in index_rows],
        )
        return
    # PostgreSQL: the vectors were made by the workers (see _tsvector) and go in by COPY.
    _bulk_insert(
        "search_searchdocument",
        ["disclosure_id", "text", "refreshed_at", "vector"],
        [(pk, "", now, vector) for pk, _title, _body, vector in index_rows],
    )


def _vectors_differ(samples) -> int:
    """How many sampled rows hold a vector other than PostgreSQL's own for their tokens."""
    if connection.vendor != "postgresql" or not samples:
        return 0
    differ = 0
    with connection.cursor() as cursor:
        for _title, _body, title_tokens, body_tokens, pk in samples:
            cursor.execute(
                "SELECT vector = setweight(to_tsvector('simple', %s), 'A') || "
                "setweight(to_tsvector('simple', %s), 'B') FROM search_searchdocument "
                "WHERE disclosure_id = %s",
                [title_tokens, body_tokens, pk],
            )
            differ += not cursor.fetchone()[0]
    return differ
