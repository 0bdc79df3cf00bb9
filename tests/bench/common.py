"""Shared bits of the benchmarks: the result row, a table printer, a synthetic catalog.

``synthetic_items`` is a small deterministic catalog generator used by the store tests and
by the benchmarks when ``clerk_app.central.gen_catalog`` is not available. Names follow the
provincial pattern object + action (「食品经营许可证核发」) and include polyphones (银行,
行政, 重新) so pinyin search is exercised.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from clerk_app.domain.catalog import Bundle, HandlingKind, Item, Material, MaterialForm, Scenario


@dataclass(frozen=True)
class BenchRow:
    name: str
    value: float
    unit: str
    baseline: float | None
    goal: str


def format_table(rows: Sequence[BenchRow]) -> str:
    """A plain-text table: measurement, value, baseline, ratio, goal."""
    header = ("measurement", "value", "baseline", "baseline/value", "goal")
    lines = [header]
    for r in rows:
        base = "" if r.baseline is None else f"{r.baseline:.3f} {r.unit}"
        ratio = "" if not r.baseline or not r.value else f"{r.baseline / r.value:.1f}"
        lines.append((r.name, f"{r.value:.3f} {r.unit}", base, ratio, r.goal))
    widths = [max(_width(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        out.append("  ".join(_pad(cell, w) for cell, w in zip(line, widths, strict=True)))
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def print_table(rows: Sequence[BenchRow], title: str = "") -> None:
    if title:
        print(title)
    print(format_table(rows))


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def percentile(samples: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100) by the inclusive method."""
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[int(p) - 1]


OBJECTS = [
    "食品经营许可证",
    "药品零售许可证",
    "建设工程规划许可证",
    "个体工商户",
    "户口迁移",
    "居民身份证",
    "不动产",
    "住房公积金",
    "城乡居民基本养老保险",
    "失业保险金",
    "排污许可证",
    "道路运输经营许可证",
    "银行开户",
    "医疗机构执业许可证",
    "出版物零售",
    "公共场所卫生许可证",
    "烟草专卖零售许可证",
    "农村宅基地",
    "林木采伐许可证",
    "取水许可",
    "特种设备使用登记",
    "消防安全检查",
    "残疾人证",
    "行政事业单位",
    "社会团体",
    "民办非企业单位",
    "企业名称",
    "营业执照",
    "重要工业产品生产许可证",
    "长途客运班线",
    "二手房交易",
    "商品房预售许可证",
    "最低生活保障",
    "临时救助",
    "高龄津贴",
    "学校办学许可证",
    "教师资格",
    "律师执业",
    "机动车驾驶证",
    "出入境通行证",
]
ACTIONS = [
    "核发",
    "变更",
    "延续",
    "注销",
    "补办",
    "设立登记",
    "首次登记",
    "转移登记",
    "抵押登记",
    "提取",
    "申领",
    "认定",
    "审批",
    "备案",
    "重新核发",
    "迁入",
    "迁出",
    "年检",
    "查询",
    "行政确认",
]
COUNTIES = ["恩施市", "利川市", "建始县", "巴东县", "宣恩县", "咸丰县", "来凤县", "鹤峰县"]
DEPARTMENTS = [
    ("SCJG", "市场监督管理局", "ENTERPRISE"),
    ("ZRZY", "自然资源和规划局", "ESTATE"),
    ("GA", "公安局", "POLICE"),
    ("RS", "人力资源和社会保障局", "SOCIAL"),
    ("GJJ", "住房公积金中心", "FUND"),
    ("SW", "税务局", "TAX"),
    ("MZ", "民政局", "SOCIAL"),
    ("WJ", "卫生健康委员会", "SOCIAL"),
    ("JT", "交通运输局", "ENTERPRISE"),
    ("ZJ", "住房和城乡建设局", "ESTATE"),
    ("JY", "教育局", "SOCIAL"),
    ("SF", "司法局", "SOCIAL"),
]
ZONES = ["SOCIAL", "ENTERPRISE", "ESTATE", "POLICE", "TAX", "FUND"]


def _materials(rng: random.Random, code: str) -> tuple[Material, ...]:
    pool = [
        "申请表",
        "居民身份证",
        "户口簿",
        "营业执照",
        "授权委托书",
        "房屋所有权证",
        "结婚证",
        "场所使用证明",
        "法定代表人身份证明",
        "承诺书",
    ]
    chosen = rng.sample(pool, rng.randint(2, 6))
    forms = list(MaterialForm)
    return tuple(
        Material(
            code=f"{code}-M{i}",
            name=name,
            form=rng.choice(forms),
            copies=rng.randint(1, 2),
            required=rng.random() < 0.8,
            gap_allowed=rng.random() < 0.2,
        )
        for i, name in enumerate(chosen, start=1)
    )


def synthetic_items(n_items: int, *, seed: int = 7) -> list[Item]:
    """``n_items`` items spread over county departments; about 1% withdrawn."""
    rng = random.Random(seed)
    items: list[Item] = []
    for i in range(n_items):
        county = COUNTIES[i % len(COUNTIES)]
        dept_code, dept_name, zone = DEPARTMENTS[(i // len(COUNTIES)) % len(DEPARTMENTS)]
        obj = rng.choice(OBJECTS)
        act = rng.choice(ACTIONS)
        name = f"{obj}{act}"
        if rng.random() < 0.3:
            name += rng.choice(["（个人）", "（企业）", "（首次）", "（市内）"])
        code = f"4228{i % 100:02d}{dept_code}-{i:06d}"
        scenarios = (
            (Scenario("S1", "本人办理"), Scenario("S2", "委托代办")) if rng.random() < 0.2 else ()
        )
        items.append(
            Item(
                code=code,
                name=name,
                department=f"{county}{dept_name}",
                department_code=f"{dept_code}{i % len(COUNTIES)}",
                handling=HandlingKind.IMMEDIATE if rng.random() < 0.3 else HandlingKind.PROMISED,
                zone=zone,
                gap_allowed=rng.random() < 0.3,
                withdrawn=rng.random() < 0.01,
                materials=_materials(rng, code),
                scenarios=scenarios,
            )
        )
    return items


def synthetic_bundles(items: Sequence[Item]) -> list[Bundle]:
    live = [i for i in items if not i.withdrawn]
    if len(live) < 6:
        return []
    return [
        Bundle("B-KBQY", "开办企业一件事", tuple(i.code for i in live[:6]), zone="ENTERPRISE"),
        Bundle("B-ESF", "二手房转移登记一件事", tuple(i.code for i in live[6:9]), zone="ESTATE"),
    ]
