"""A synthetic service catalog at Enshi prefecture's scale (69,074 items, DESIGN.md §1).

Items are named the way provincial catalogs name them (object + action, e.g.
"食品经营许可证核发"), implemented by departments of four levels: prefecture (州级), county
(县市级), township (乡镇级) and village (村级). Codes look like a provincial implementation
code: the department's credit-code-like identifier, the item type, object, action and a
sequence. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from clerk_app.central.catalog_io import (
    CatalogHeader,
    DepartmentEntry,
    write_catalog_file,
)
from clerk_app.domain.catalog import (
    Bundle,
    DeliveryMode,
    HandlingKind,
    Item,
    Material,
    MaterialForm,
    Scenario,
)

ENSHI_ITEM_COUNT = 69_074

PREFECTURE = ("422800", "恩施州")
COUNTIES = [
    ("422801", "恩施市"),
    ("422802", "利川市"),
    ("422822", "建始县"),
    ("422823", "巴东县"),
    ("422825", "宣恩县"),
    ("422826", "咸丰县"),
    ("422827", "来凤县"),
    ("422828", "鹤峰县"),
]
TOWN_NAMES = [
    "龙凤",
    "白杨坪",
    "崔家坝",
    "板桥",
    "太阳河",
    "三岔",
    "盛家坝",
    "新塘",
    "红土",
    "沙地",
    "白果",
    "芭蕉",
    "谋道",
    "柏杨坝",
    "汪营",
    "团堡",
    "建南",
    "忠路",
    "文斗",
    "沙溪",
    "业州",
    "高坪",
    "红岩寺",
    "景阳",
    "官店",
    "花坪",
    "长梁",
    "茅田",
    "信陵",
    "东瀼口",
    "沿渡河",
    "溪丘湾",
    "茶店子",
    "野三关",
    "清太坪",
    "水布垭",
    "珠山",
    "椒园",
    "沙道沟",
    "李家河",
    "高罗",
    "万寨",
    "长潭河",
    "晓关",
    "高乐山",
    "忠堡",
    "坪坝营",
    "唐崖",
    "朝阳寺",
    "清坪",
    "黄金洞",
    "活龙坪",
    "翔凤",
    "绿水",
    "百福司",
    "大河",
    "旧司",
    "革勒车",
    "三胡",
    "容美",
    "走马",
    "太平",
    "燕子",
    "中营",
    "邬阳",
    "下坪",
    "铁炉",
    "五里",
    "鹤峰",
    "屯堡",
]
VILLAGE_WORDS = [
    "青龙",
    "石门",
    "大坪",
    "新华",
    "金鸡",
    "双河",
    "桃园",
    "柳池",
    "杉木",
    "竹园",
    "茶园",
    "马鞍",
    "龙潭",
    "白岩",
    "黄泥",
    "高峰",
    "凉风",
    "云台",
    "麻柳",
    "水井",
]

# (abbr, name, zone, standing window?, item type code, objects, actions, fixed item names)
_ACTIONS_LICENCE = ("核发", "变更", "延续", "注销", "补办")
_ACTIONS_CONFIRM = ("确认", "登记", "备案", "证明开具")
_ACTIONS_SERVICE = ("办理", "申领", "查询", "变更")


@dataclass(frozen=True)
class DepartmentKind:
    abbr: str
    name: str
    zone: str
    standing: bool
    item_type: str
    objects: tuple[str, ...]
    actions: tuple[str, ...]
    fixed: tuple[str, ...] = ()


COUNTY_DEPARTMENTS = [
    DepartmentKind(
        "GA",
        "公安局",
        "POLICE",
        True,
        "行政确认",
        ("居民身份证", "居住证", "户口迁移", "机动车登记", "驾驶证", "出入境证件"),
        ("申领", "换领", "补领", "登记", "变更"),
        ("印章刻制备案", "出生登记（户口登记）"),
    ),
    DepartmentKind(
        "SW",
        "税务局",
        "TAX",
        True,
        "公共服务",
        ("增值税", "个人所得税", "发票", "房产税", "契税", "印花税"),
        ("申报", "领用", "代开", "减免备案", "清税证明开具"),
        ("新办纳税人涉税事项办理", "二手房交易税费申报"),
    ),
    DepartmentKind(
        "GJJ",
        "住房公积金中心",
        "FUND",
        True,
        "公共服务",
        ("住房公积金", "公积金贷款", "公积金账户"),
        (*_ACTIONS_SERVICE, "提取"),
        ("单位住房公积金缴存登记",),
    ),
    DepartmentKind(
        "ZRZY",
        "自然资源和规划局",
        "ESTATE",
        False,
        "行政许可",
        (
            "建设用地规划许可证",
            "建设工程规划许可证",
            "乡村建设规划许可证",
            "临时用地",
            "采矿许可证",
        ),
        _ACTIONS_LICENCE,
        ("国有建设用地使用权及房屋所有权转移登记", "不动产抵押登记", "不动产首次登记"),
    ),
    DepartmentKind(
        "ZJ",
        "住房和城乡建设局",
        "ESTATE",
        False,
        "行政许可",
        ("建筑工程施工许可证", "商品房预售许可证", "建筑业企业资质", "燃气经营许可证", "房屋租赁"),
        _ACTIONS_LICENCE,
        ("存量房交易合同网签备案",),
    ),
    DepartmentKind(
        "SCJG",
        "市场监督管理局",
        "ENTERPRISE",
        False,
        "行政许可",
        (
            "食品经营许可证",
            "食品生产许可证",
            "药品经营许可证",
            "特种设备使用登记",
            "个体工商户",
            "农民专业合作社",
            "计量器具",
        ),
        _ACTIONS_LICENCE,
        ("企业设立登记", "企业变更登记", "企业注销登记"),
    ),
    DepartmentKind(
        "RS",
        "人力资源和社会保障局",
        "SOCIAL",
        False,
        "公共服务",
        ("社会保障卡", "养老保险", "失业保险金", "工伤认定", "职业技能等级证书", "就业创业证"),
        _ACTIONS_SERVICE,
        ("单位参保登记",),
    ),
    DepartmentKind(
        "MZ",
        "民政局",
        "SOCIAL",
        False,
        "行政确认",
        (
            "婚姻登记",
            "最低生活保障",
            "特困人员救助供养",
            "临时救助",
            "社会团体",
            "民办非企业单位",
            "殡葬",
        ),
        _ACTIONS_CONFIRM,
        (),
    ),
    DepartmentKind(
        "WJ",
        "卫生健康局",
        "SOCIAL",
        False,
        "行政许可",
        (
            "医疗机构执业许可证",
            "医师执业证书",
            "护士执业证书",
            "公共场所卫生许可证",
            "母婴保健技术服务",
        ),
        _ACTIONS_LICENCE,
        ("出生医学证明办理",),
    ),
    DepartmentKind(
        "YB",
        "医疗保障局",
        "SOCIAL",
        False,
        "公共服务",
        ("城乡居民医保", "职工医保", "异地就医", "门诊慢特病", "生育保险"),
        _ACTIONS_SERVICE,
        ("城乡居民医保参保登记",),
    ),
    DepartmentKind(
        "JY",
        "教育局",
        "SOCIAL",
        False,
        "行政许可",
        ("教师资格", "民办学校办学许可证", "学生资助", "校外培训机构"),
        _ACTIONS_LICENCE,
        (),
    ),
    DepartmentKind(
        "JT",
        "交通运输局",
        "SOCIAL",
        False,
        "行政许可",
        ("道路运输经营许可证", "道路运输证", "出租汽车经营许可", "公路超限运输"),
        _ACTIONS_LICENCE,
        (),
    ),
    DepartmentKind(
        "NY",
        "农业农村局",
        "SOCIAL",
        False,
        "行政许可",
        (
            "农药经营许可证",
            "种子生产经营许可证",
            "动物防疫条件合格证",
            "渔业捕捞许可证",
            "农村宅基地",
        ),
        _ACTIONS_LICENCE,
        (),
    ),
    DepartmentKind(
        "WL",
        "文化和旅游局",
        "SOCIAL",
        False,
        "行政许可",
        ("娱乐场所经营许可证", "旅行社业务经营许可证", "营业性演出许可证", "网吧经营许可证"),
        _ACTIONS_LICENCE,
        (),
    ),
    DepartmentKind(
        "SL",
        "水利和湖泊局",
        "SOCIAL",
        False,
        "行政许可",
        ("取水许可", "河道采砂许可", "水土保持方案", "洪水影响评价"),
        _ACTIONS_LICENCE,
        (),
    ),
    DepartmentKind(
        "STHJ",
        "生态环境局",
        "ENTERPRISE",
        False,
        "行政许可",
        ("建设项目环境影响评价", "排污许可证", "危险废物经营许可证", "辐射安全许可证"),
        _ACTIONS_LICENCE,
        (),
    ),
    DepartmentKind(
        "FGW",
        "发展和改革局",
        "ENTERPRISE",
        False,
        "行政许可",
        ("企业投资项目核准", "企业投资项目备案", "节能审查", "价格认定"),
        _ACTIONS_CONFIRM,
        (),
    ),
    DepartmentKind(
        "TYJR",
        "退役军人事务局",
        "SOCIAL",
        False,
        "行政给付",
        ("优待证", "抚恤金", "退役士兵安置", "烈士褒扬"),
        _ACTIONS_SERVICE,
        (),
    ),
    DepartmentKind(
        "CL",
        "残疾人联合会",
        "SOCIAL",
        False,
        "公共服务",
        ("残疾人证", "残疾人两项补贴", "辅助器具适配"),
        _ACTIONS_SERVICE,
        (),
    ),
    DepartmentKind(
        "YJ",
        "应急管理局",
        "ENTERPRISE",
        False,
        "行政许可",
        ("危险化学品经营许可证", "烟花爆竹经营许可证", "安全生产许可证"),
        _ACTIONS_LICENCE,
        (),
    ),
]
TOWNSHIP_DEPARTMENT = DepartmentKind(
    "ZF",
    "人民政府",
    "SOCIAL",
    False,
    "公共服务",
    (
        "农村低保",
        "高龄津贴",
        "农村建房",
        "计划生育家庭奖励扶助",
        "残疾人补贴",
        "城乡居民养老保险",
        "新型农村合作医疗",
        "林权",
        "土地承包经营权",
        "流动人口婚育证明",
    ),
    ("初审", "受理", "申请", "变更", "证明开具"),
    (),
)
VILLAGE_DEPARTMENT = DepartmentKind(
    "CW",
    "村民委员会",
    "SOCIAL",
    False,
    "公共服务",
    (
        "居住证明",
        "家庭经济困难证明",
        "低保申请",
        "宅基地使用",
        "高龄津贴申请",
        "养老保险参保",
        "医保参保",
        "临时救助申请",
        "残疾人补贴申请",
        "独生子女证明",
    ),
    ("代办", "初审", "证明开具"),
    (),
)
VARIANTS = [
    "",
    "（个人）",
    "（企业）",
    "（首次）",
    "（跨省通办）",
    "（全程网办）",
    "（告知承诺制）",
]
TYPE_CODES = {"行政许可": "01", "行政确认": "07", "公共服务": "20", "行政给付": "05"}

MATERIAL_POOL: list[tuple[str, MaterialForm, str]] = [
    ("申请书", MaterialForm.ORIGINAL_KEPT, "申请人自备"),
    ("营业执照", MaterialForm.COPY, "共享库调取"),
    ("法定代表人身份证明", MaterialForm.COPY, "申请人自备"),
    ("授权委托书及受托人身份证件", MaterialForm.ORIGINAL_KEPT, "申请人自备"),
    ("户口簿", MaterialForm.ORIGINAL_CHECKED, "申请人自备"),
    ("结婚证", MaterialForm.ORIGINAL_CHECKED, "政府部门核发"),
    ("出生医学证明", MaterialForm.COPY, "政府部门核发"),
    ("不动产权证书", MaterialForm.ORIGINAL_KEPT, "政府部门核发"),
    ("房屋买卖合同", MaterialForm.ORIGINAL_KEPT, "申请人自备"),
    ("房屋租赁合同", MaterialForm.COPY, "申请人自备"),
    ("经营场所使用证明", MaterialForm.COPY, "申请人自备"),
    ("近期一寸免冠照片", MaterialForm.ORIGINAL_KEPT, "申请人自备"),
    ("健康证明", MaterialForm.COPY, "政府部门核发"),
    ("相关资质证书", MaterialForm.COPY, "政府部门核发"),
    ("工程竣工验收报告", MaterialForm.COPY, "申请人自备"),
    ("村（居）委会证明", MaterialForm.ORIGINAL_KEPT, "政府部门核发"),
    ("银行账户信息", MaterialForm.COPY, "申请人自备"),
    ("公司章程", MaterialForm.COPY, "申请人自备"),
    ("原证件", MaterialForm.ORIGINAL_KEPT, "政府部门核发"),
    ("设施设备清单", MaterialForm.ORIGINAL_KEPT, "申请人自备"),
    ("专业技术人员名单及证书", MaterialForm.COPY, "申请人自备"),
    ("收入情况说明", MaterialForm.ORIGINAL_KEPT, "申请人自备"),
    ("电子申请表", MaterialForm.ELECTRONIC, "网上填报"),
]
SCENARIO_SETS: list[list[tuple[str, str]]] = [
    [("S1", "本人办理"), ("S2", "委托他人代办")],
    [("S1", "首次申请"), ("S2", "变更申请"), ("S3", "证件遗失补办")],
    [("S1", "购房落户"), ("S2", "租房落户"), ("S3", "投靠亲属")],
    [("S1", "个人申请"), ("S2", "单位申请")],
]
BUNDLES: list[tuple[str, str, str, tuple[str, ...]]] = [
    (
        "QYKB",
        "企业开办一件事",
        "ENTERPRISE",
        (
            "企业设立登记",
            "印章刻制备案",
            "新办纳税人涉税事项办理",
            "单位参保登记",
            "单位住房公积金缴存登记",
        ),
    ),
    (
        "ESFZY",
        "二手房转移登记一件事",
        "ESTATE",
        ("存量房交易合同网签备案", "国有建设用地使用权及房屋所有权转移登记", "二手房交易税费申报"),
    ),
    (
        "CSYJS",
        "新生儿出生一件事",
        "SOCIAL",
        ("出生医学证明办理", "出生登记（户口登记）", "城乡居民医保参保登记"),
    ),
]
LEVEL_SHARES = [("prefecture", 0.04), ("county", 0.26), ("township", 0.25), ("village", 0.45)]


@dataclass
class _Unit:
    """One implementing department (实施主体) with the item names it still has to give out."""

    code: str
    name: str
    uscc: str
    kind: DepartmentKind
    region: str
    names: list[tuple[str, int, int]] = field(default_factory=list)  # (name, object, action)


def _uscc(prefix: str, region: str, serial: int) -> str:
    return f"{prefix}{region}MB{serial:07d}X"


def _units() -> dict[str, list[_Unit]]:
    levels: dict[str, list[_Unit]] = {"prefecture": [], "county": [], "township": [], "village": []}
    serial = 0
    for level, (region, place) in [("prefecture", PREFECTURE)] + [("county", c) for c in COUNTIES]:
        for kind in COUNTY_DEPARTMENTS:
            serial += 1
            name = f"{place}{kind.name}"
            levels[level].append(
                _Unit(f"{region}-{kind.abbr}", name, _uscc("11", region, serial), kind, region)
            )
    town_index = 0
    for region, place in COUNTIES:
        for t in range(11):
            town = TOWN_NAMES[town_index % len(TOWN_NAMES)]
            town_index += 1
            suffix = "镇" if t % 3 else "乡"
            town_code = f"{region}{101 + t:03d}"
            serial += 1
            levels["township"].append(
                _Unit(
                    f"{town_code}-ZF",
                    f"{place}{town}{suffix}人民政府",
                    _uscc("11", region, serial),
                    TOWNSHIP_DEPARTMENT,
                    region,
                )
            )
            for v in range(30):
                word = VILLAGE_WORDS[(v + t) % len(VILLAGE_WORDS)]
                village = f"{word}村" if v < len(VILLAGE_WORDS) else f"{word}湾村"
                serial += 1
                levels["village"].append(
                    _Unit(
                        f"{town_code}{v + 1:03d}-CW",
                        f"{place}{town}{suffix}{village}民委员会",
                        _uscc("54", region, serial),
                        VILLAGE_DEPARTMENT,
                        region,
                    )
                )
    return levels


def _name_plan(kind: DepartmentKind, count: int) -> Iterator[tuple[str, int, int]]:
    """The first ``count`` item names of a department: fixed names, then object × action."""
    produced = 0
    for i, fixed in enumerate(kind.fixed):
        if produced == count:
            return
        yield fixed, 900 + i, 0
        produced += 1
    for variant in VARIANTS:
        for o, obj in enumerate(kind.objects):
            for a, action in enumerate(kind.actions):
                if produced == count:
                    return
                yield f"{obj}{action}{variant}", o, a + 10 * VARIANTS.index(variant)
                produced += 1
    n = 0
    while produced < count:  # more than the templates hold: number the extra ones
        n += 1
        yield f"{kind.objects[n % len(kind.objects)]}其他事项{n}", 999, n % 100
        produced += 1


def _materials(rng: random.Random, gap_item: bool, scenarios: list[Scenario]) -> list[Material]:
    count = rng.randint(3, 8)
    picks = rng.sample(MATERIAL_POOL[1:], count - 2)
    chosen = [("申请人身份证件", MaterialForm.ORIGINAL_CHECKED, "申请人自备"), MATERIAL_POOL[0]]
    chosen += picks
    materials: list[Material] = []
    for i, (name, form, source) in enumerate(chosen, start=1):
        required = i <= 2 or rng.random() < 0.75
        gap_allowed = gap_item and required and i > 2 and rng.random() < 0.5
        applies: tuple[str, ...] = ()
        if scenarios and i > 2 and rng.random() < 0.4:
            applies = (rng.choice(scenarios).code,)
        materials.append(
            Material(
                code=f"M{i:02d}",
                name=name,
                form=form,
                copies=1 if form is not MaterialForm.COPY else rng.choice((1, 1, 2)),
                required=required,
                gap_allowed=gap_allowed,
                source=source,
                scenarios=applies,
            )
        )
    return materials


def generate_catalog(
    n_items: int = ENSHI_ITEM_COUNT, *, seed: int = 2026, catalog_version: str | None = None
) -> tuple[CatalogHeader, list[DepartmentEntry], list[Item], list[Bundle]]:
    """Build ``n_items`` items (and the departments and bundles they need) in memory."""
    rng = random.Random(seed)
    levels = _units()
    targets: list[tuple[str, int]] = []
    remaining = n_items
    for i, (level, share) in enumerate(LEVEL_SHARES):
        count = remaining if i == len(LEVEL_SHARES) - 1 else round(n_items * share)
        count = min(count, remaining)
        targets.append((level, count))
        remaining -= count
    items: list[Item] = []
    used_units: list[_Unit] = []
    for level, count in targets:
        units = levels[level]
        if count <= 0:
            continue
        # Spread a level's items over its departments; with few items, few departments.
        active = units if count >= len(units) else units[:count]
        per_unit, extra = divmod(count, len(active))
        for index, unit in enumerate(active):
            quota = per_unit + (1 if index < extra else 0)
            if quota:
                used_units.append(unit)
            for seq, (name, obj, act) in enumerate(_name_plan(unit.kind, quota), start=1):
                items.append(_make_item(rng, unit, name, obj, act, seq))
    departments = [
        DepartmentEntry(u.code, u.name, "standing" if u.kind.standing else "comprehensive")
        for u in used_units
    ]
    bundles = _bundles(items)
    header = CatalogHeader(
        catalog_version=catalog_version or f"synthetic-{n_items}-seed{seed}",
        generated_at="2026-11-23T10:00:00+08:00",
        source=f"clerk-central gen-catalog --items {n_items} --seed {seed}（合成数据，仅供测试）",
    )
    return header, departments, items, bundles


def _make_item(rng: random.Random, unit: _Unit, name: str, obj: int, act: int, seq: int) -> Item:
    kind = unit.kind
    immediate = rng.random() < 0.3
    legal_days = rng.choice((5, 10, 15, 20, 20, 30, 60))
    promised_days = 0 if immediate else max(1, min(legal_days, rng.choice((1, 3, 5, 7, 10, 15))))
    scenarios: list[Scenario] = []
    if rng.random() < 0.2:
        scenarios = [Scenario(c, n) for c, n in rng.choice(SCENARIO_SETS)]
    gap_item = rng.random() < 0.35
    type_code = TYPE_CODES.get(kind.item_type, "10")
    code = f"{unit.uscc}{type_code}{obj:04d}{act:03d}{seq:04d}"
    delivery = [DeliveryMode.WINDOW]
    if rng.random() < 0.5:
        delivery.append(DeliveryMode.MAIL)
    if rng.random() < 0.3:
        delivery.append(DeliveryMode.ELECTRONIC)
    return Item(
        code=code,
        name=name,
        department=unit.name,
        department_code=unit.code,
        item_type=kind.item_type,
        handling=HandlingKind.IMMEDIATE if immediate else HandlingKind.PROMISED,
        legal_days=legal_days,
        promised_days=promised_days,
        fees="不收费",
        legal_basis=f"《{kind.name.removesuffix('局')}相关法律法规》",
        result_name=f"{name.split('（')[0]}结果文书",
        delivery_modes=tuple(delivery),
        gap_allowed=gap_item,
        zone=kind.zone,
        materials=tuple(_materials(rng, gap_item, scenarios)),
        scenarios=tuple(scenarios),
    )


def _bundles(items: list[Item]) -> list[Bundle]:
    """一件事 bundles for each region whose departments carry all the member items."""
    by_region: dict[str, dict[str, str]] = {}
    for item in items:
        region = item.department_code.split("-")[0]
        by_region.setdefault(region, {}).setdefault(item.name, item.code)
    bundles: list[Bundle] = []
    for region, names in sorted(by_region.items()):
        for code, name, zone, members in BUNDLES:
            if all(m in names for m in members):
                bundles.append(
                    Bundle(
                        code=f"{region}-{code}",
                        name=name,
                        item_codes=tuple(names[m] for m in members),
                        zone=zone,
                        description=f"{name}：一次告知、一表申请、一窗受理",
                    )
                )
    return bundles


def write_generated_catalog(
    out: Path | str, n_items: int = ENSHI_ITEM_COUNT, *, seed: int = 2026
) -> tuple[int, int, int]:
    """Generate and write a catalog file (gzip when ``out`` ends in .gz).

    Returns (departments, items, bundles).
    """
    header, departments, items, bundles = generate_catalog(n_items, seed=seed)
    write_catalog_file(out, header, departments, items, bundles)
    return len(departments), len(items), len(bundles)
