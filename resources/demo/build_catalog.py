"""Build the demo catalog (resources/demo/catalog.jsonl) for 黄石市民之家.

Run from the project root: ``.venv/bin/python resources/demo/build_catalog.py``. The output is
deterministic (no clock, no randomness), so a rerun changes nothing unless this file changed.

The items follow real practice in Hubei: names, materials, legal bases and fees as the public
service guides (办事指南) show them. Time limits are working days; where a law states calendar
days (e.g. "十五日"), the legal limit here is the working-day count that never exceeds it.
Item codes follow a provincial pattern ``420200-<type>-<seq>-<version>``; they are opaque.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from stdnum.cn import uscc  # noqa: E402

from clerk_app.domain.catalog import (  # noqa: E402  (the path above makes the package importable)
    Bundle,
    DeliveryMode,
    HandlingKind,
    Item,
    Material,
    MaterialCode,
    MaterialForm,
    ProducedMaterial,
    Scenario,
)
from clerk_app.domain.workdays import LimitUnit  # noqa: E402

OUT = Path(__file__).with_name("catalog.jsonl")

HEADER = {
    "format": "clerk-catalog",
    "format_version": 1,
    "catalog_version": "2026.11-demo",
    "generated_at": "2026-11-23T10:00:00+08:00",
    "source": "演示数据：依据公开办事指南与新闻报道整理，非官方事项目录",
}

# code, name, window_mode ("comprehensive": handled at the hall's 综合窗口), phone (demo numbers)
DEPARTMENTS: list[tuple[str, str, str, str]] = [
    ("HSZRGH", "黄石市自然资源和规划局", "comprehensive", "0714-6200001"),
    ("HSZJ", "黄石市住房和城乡建设局", "comprehensive", "0714-6200002"),
    ("HSSW", "国家税务总局黄石市税务局", "comprehensive", "0714-6200003"),
    ("HSGY", "黄石市供水供电供气联办窗口", "comprehensive", "0714-6200004"),
    ("HSSCJG", "黄石市市场监督管理局", "comprehensive", "0714-6200005"),
    ("HSGA", "黄石市公安局", "comprehensive", "0714-6200006"),
    ("HSRS", "黄石市人力资源和社会保障局", "comprehensive", "0714-6200007"),
    ("HSYB", "黄石市医疗保障局", "comprehensive", "0714-6200008"),
    ("HSGJJ", "黄石市住房公积金中心", "comprehensive", "0714-6200009"),
    ("HSRH", "中国人民银行黄石市分行", "comprehensive", "0714-6200010"),
    ("HSWJ", "黄石市卫生健康委员会", "comprehensive", "0714-6200011"),
    ("HSJT", "黄石市交通运输局", "comprehensive", "0714-6200012"),
    ("HSJY", "黄石市教育局", "comprehensive", "0714-6200013"),
    ("HSMZ", "黄石市民政局", "comprehensive", "0714-6200014"),
    ("HSFG", "黄石市发展和改革委员会", "comprehensive", "0714-6200015"),
    ("HSSTHJ", "黄石市生态环境局", "comprehensive", "0714-6200016"),
    ("HSCG", "黄石市城市管理执法委员会", "comprehensive", "0714-6200017"),
]
CITY_GOVERNMENT = "黄石市人民政府"
# 复议机关 under 行政复议法 (2023): a city government department's decisions go to the city
# government (Art. 24); a tax bureau's and the central bank branch's (vertical bodies, Art. 27)
# to the next-higher authority of the same system. The joint utilities window is no
# administrative organ: it has none, the hall's wording applies. Courts: the hall's.
REVIEW_BODIES = {code: CITY_GOVERNMENT for code, *_rest in DEPARTMENTS} | {
    "HSSW": "国家税务总局湖北省税务局",
    "HSRH": "中国人民银行湖北省分行",
    "HSGY": "",
}
# Unified social credit codes (made up, with a correct GB 32100 check character): 11 = an
# organ of government, 12 = a public institution (the housing fund centre). The joint window
# is no legal person and has none.
CREDIT_PREFIX = {code: "11" for code, *_rest in DEPARTMENTS} | {"HSGJJ": "12", "HSGY": ""}


def credit_code(department: str) -> str:
    prefix = CREDIT_PREFIX[department]
    if not prefix:
        return ""
    serial = [code for code, *_rest in DEPARTMENTS].index(department) + 1
    first17 = f"{prefix}420200MB{serial:07d}"
    return first17 + uscc.calc_check_digit(first17)


DEPT_NAME = {code: name for code, name, _mode, _phone in DEPARTMENTS}

TYPE_CODE = {
    "行政许可": "XK",
    "行政确认": "QR",
    "公共服务": "GG",
    "行政给付": "JF",
    "其他行政权力": "QT",
}

# 事项类型 codes of the national basic list (基本编码 starts with them)
NATIONAL_TYPE = {
    "行政许可": "01",
    "行政给付": "05",
    "行政确认": "07",
    "其他行政权力": "10",
    "公共服务": "20",
}

# Source channels of a material.
OWN = "申请人自备"
ISSUED = "政府部门核发"
SHARED = "共享库调取"

KEPT = MaterialForm.ORIGINAL_KEPT
CHECKED = MaterialForm.ORIGINAL_CHECKED
COPY = MaterialForm.COPY
ELEC = MaterialForm.ELECTRONIC

W = DeliveryMode.WINDOW
MAIL = DeliveryMode.MAIL
E = DeliveryMode.ELECTRONIC


# The hall's material directory (材料目录): a standard code per material that several items
# ask for, so a bundle asks it once. ``key`` materials (application forms, identity documents)
# are never 容缺. Codes are the hall's own.
MATERIAL_CODES: list[MaterialCode] = [
    MaterialCode("ID-JMSFZ", "居民身份证", key=True),
    MaterialCode("ID-SFHM", "本人公民身份号码证明（居民身份证或户口簿）", key=True),
    MaterialCode("ID-FMSF", "父母（监护人）居民身份证", key=True),
    MaterialCode("ID-MMSF", "买卖双方居民身份证", key=True),
    MaterialCode("ID-FDDB", "法定代表人身份证明", key=True),
    MaterialCode("ID-JBR", "经办人（委托代理人）身份证明及授权委托书", key=True),
    MaterialCode("HK-HKB", "居民户口簿", key=True),
    MaterialCode("HK-FM", "父母双方居民户口簿", key=True),
    MaterialCode("CS-YXZM", "出生医学证明"),
    MaterialCode("QYKB-SQB", "企业开办综合申请表（一表填报）", key=True),
    MaterialCode("QY-ZC", "公司章程"),
    MaterialCode("QY-GDZG", "股东主体资格文件"),
    MaterialCode("QY-ZS", "住所（经营场所）使用证明"),
    MaterialCode("ZZ-YYZZ", "营业执照"),
    MaterialCode("BDC-SQS", "不动产登记申请书", key=True),
    MaterialCode("BDC-QZ", "不动产权证书"),
    MaterialCode("BDC-SLPZ", "不动产转移登记受理凭证"),
    MaterialCode("FW-HT", "存量房买卖合同"),
    MaterialCode("FW-WQ", "存量房买卖合同网签备案证明"),
    MaterialCode("SW-WS", "契税完税凭证"),
    MaterialCode("HY-MF", "卖方婚姻状况证明"),
]
# Materials that carry their standard code wherever an item asks them under this name.
CODE_BY_NAME: dict[str, str] = {
    "居民身份证": "ID-JMSFZ",
    "买卖双方居民身份证": "ID-MMSF",
    "买受人居民身份证": "ID-MMSF",
    "父母双方居民身份证": "ID-FMSF",
    "父母双方居民户口簿": "HK-FM",
    "居民户口簿": "HK-HKB",
    "出生医学证明": "CS-YXZM",
    "营业执照": "ZZ-YYZZ",
    "法定代表人居民身份证": "ID-FDDB",
    "经办人居民身份证": "ID-JBR",
    "办税人员居民身份证": "ID-JBR",
    "不动产权证书（或房屋所有权证、国有土地使用证）": "BDC-QZ",
    "存量房买卖合同": "FW-HT",
    "存量房买卖合同（网签备案）": "FW-WQ",
    "契税完税凭证": "SW-WS",
    "不动产转移登记受理凭证或不动产权证书": "BDC-SLPZ",
    "卖方婚姻状况证明": "HY-MF",
    "公司章程": "QY-ZC",
}


def mat(
    name: str,
    form: MaterialForm = COPY,
    copies: int = 1,
    *,
    required: bool = True,
    gap: bool = False,
    source: str = OWN,
    note: str = "",
    scenarios: tuple[str, ...] = (),
    blank_form: str = "",
    sample: str = "",
    std: str = "",
) -> dict[str, Any]:
    """One checklist line; its code is given by position when the item is built, its
    standard code by ``std`` or else by its name (``CODE_BY_NAME``)."""
    return {
        "name": name,
        "form": form,
        "copies": copies,
        "required": required,
        "gap_allowed": gap,
        "source": source,
        "note": note,
        "scenarios": scenarios,
        "blank_form": blank_form,
        "sample": sample,
        "standard_code": std or CODE_BY_NAME.get(name, ""),
    }


def form_mat(name: str, note: str = "", **kw: Any) -> dict[str, Any]:
    """An application form kept by the hall, with a blank form and a filled-in sample."""
    return mat(
        name,
        KEPT,
        note=note or "可在窗口领取或现场打印，申请人签字",
        blank_form=f"{name}（空白）",
        sample=f"{name}（示例）",
        **kw,
    )


ID_CARD = "居民身份证"

ITEMS: list[Item] = []
KEYS: dict[str, str] = {}  # short key -> item code, for bundles


def add(
    key: str,
    seq: int,
    name: str,
    dept: str,
    item_type: str,
    *,
    zone: str,
    immediate: bool,
    legal: int,
    promised: int,
    basis: str,
    result: str,
    materials: list[dict[str, Any]],
    fees: str = "不收费",
    delivery: tuple[DeliveryMode, ...] = (W, MAIL),
    gap: bool = False,
    scenarios: tuple[tuple[str, str, str], ...] = (),
    legal_unit: LimitUnit = LimitUnit.WORKING_DAYS,
) -> None:
    code = f"420200-{TYPE_CODE[item_type]}-{seq:04d}-01"
    # 基本编码 in the national shape (type code of the national list + item + sub-item, made
    # up); the 实施编码 is the department's credit code + the 基本编码.
    basic = f"{NATIONAL_TYPE[item_type]}{seq:05d}000"
    credit = credit_code(dept)
    item = Item(
        code=code,
        name=name,
        department=DEPT_NAME[dept],
        department_code=dept,
        basic_code=basic,
        implementation_code=f"{credit}{basic}" if credit else "",
        item_type=item_type,
        handling=HandlingKind.IMMEDIATE if immediate else HandlingKind.PROMISED,
        legal_days=legal,
        promised_days=0 if immediate else promised,
        legal_unit=legal_unit,
        fees=fees,
        legal_basis=basis,
        result_name=result,
        delivery_modes=delivery,
        gap_allowed=gap,
        zone=zone,
        version=1,
        materials=tuple(Material(code=f"M{i:02d}", **m) for i, m in enumerate(materials, start=1)),
        scenarios=tuple(Scenario(c, n, d) for c, n, d in scenarios),
    )
    assert key not in KEYS, key
    KEYS[key] = code
    ITEMS.append(item)


# ---------------------------------------------------------------- 不动产交易 (ESTATE)

add(
    "estate_transfer",
    101,
    "不动产转移登记（二手房买卖）",
    "HSZRGH",
    "行政确认",
    zone="ESTATE",
    immediate=False,
    legal=30,
    promised=5,
    fees="住宅每件80元，非住宅每件550元；每本证书发一本免费，多发一本收取工本费10元",
    basis="《中华人民共和国民法典》第二百零九条、第二百一十四条；"
    "《不动产登记暂行条例》第十四条、第十六条、第二十条",
    result="不动产权证书（电子证照同步生成）",
    delivery=(W, MAIL, E),
    gap=True,
    materials=[
        form_mat("不动产登记申请书", note="买卖双方共同签字", std="BDC-SQS"),
        mat("买卖双方居民身份证", CHECKED, source=SHARED, note="共享库可调取电子证照"),
        mat("不动产权证书（或房屋所有权证、国有土地使用证）", KEPT, note="收回原证"),
        mat("存量房买卖合同（网签备案）", KEPT, source=ISSUED),
        mat("契税完税凭证", ELEC, source=SHARED, note="税务部门推送，无需另交纸质件"),
        mat(
            "卖方婚姻状况证明",
            COPY,
            gap=True,
            note="已婚提交结婚证，离异提交离婚证及财产分割协议；可容缺，5个工作日内补交",
        ),
        mat("授权委托书及受托人身份证明", KEPT, required=False, note="委托办理的提交"),
        mat("房屋共有人同意出售的书面意见", KEPT, required=False, note="共有房屋提交"),
    ],
)
add(
    "estate_contract",
    102,
    "存量房买卖合同网签备案（交易确认）",
    "HSZJ",
    "公共服务",
    zone="ESTATE",
    immediate=True,
    legal=5,
    promised=0,
    basis="《中华人民共和国城市房地产管理法》第四十一条；"
    "《住房和城乡建设部关于进一步规范和加强房屋网签备案工作的指导意见》（建房〔2018〕128号）",
    result="存量房买卖合同网签备案证明",
    delivery=(W, E),
    materials=[
        mat("存量房买卖合同", KEPT, copies=3, note="买卖双方签字"),
        mat("买卖双方居民身份证", CHECKED, source=SHARED),
        mat("不动产权证书（或房屋所有权证、国有土地使用证）", CHECKED),
        mat("购房资格核验承诺书", KEPT, required=False, note="按当地政策需要时提交"),
        mat("资金监管协议", COPY, required=False, note="选择交易资金监管的提交"),
    ],
)
add(
    "estate_tax",
    103,
    "契税申报（存量房交易）",
    "HSSW",
    "其他行政权力",
    zone="ESTATE",
    immediate=True,
    legal=0,
    promised=0,
    fees="按成交价格依法计征契税，住房面积与套数优惠政策自动适用",
    basis="《中华人民共和国契税法》第一条、第九条、第十条",
    result="契税完税凭证（电子）",
    delivery=(W, E),
    materials=[
        mat("存量房买卖合同（网签备案）", COPY, source=SHARED, note="住建部门推送"),
        mat("买卖双方居民身份证", CHECKED, source=SHARED),
        mat("家庭住房情况查询结果", ELEC, source=SHARED, note="窗口在线查询，申请人无需提交"),
        mat("婚姻状况证明", COPY, required=False, note="享受家庭唯一住房优惠的提交"),
    ],
)
add(
    "estate_utilities",
    104,
    "水电气联动过户（二手房）",
    "HSGY",
    "公共服务",
    zone="ESTATE",
    immediate=True,
    legal=0,
    promised=0,
    basis="《优化营商环境条例》",
    result="供水、供电、供气户名变更回执",
    delivery=(W, E),
    materials=[
        mat("不动产转移登记受理凭证或不动产权证书", COPY, source=SHARED),
        mat("买受人居民身份证", CHECKED, source=SHARED),
        mat("水电气缴费户号及结清证明", COPY, required=False, gap=True, note="可现场查询"),
    ],
)
add(
    "estate_mortgage",
    105,
    "不动产抵押权首次登记",
    "HSZRGH",
    "行政确认",
    zone="ESTATE",
    immediate=False,
    legal=30,
    promised=3,
    fees="住宅每件80元，非住宅每件550元",
    basis="《中华人民共和国民法典》第四百零二条；《不动产登记暂行条例》第十四条、第二十条",
    result="不动产登记证明（抵押权）",
    delivery=(W, MAIL, E),
    materials=[
        form_mat("不动产登记申请书", note="抵押人、抵押权人共同签字"),
        mat("抵押人居民身份证", CHECKED, source=SHARED),
        mat("抵押权人营业执照及授权委托书", COPY),
        mat("不动产权证书（或房屋所有权证、国有土地使用证）", CHECKED),
        mat("抵押合同", KEPT),
        mat("主债权合同", COPY),
    ],
)
add(
    "estate_new_home",
    106,
    "不动产转移登记（新建商品房）",
    "HSZRGH",
    "行政确认",
    zone="ESTATE",
    immediate=False,
    legal=30,
    promised=5,
    fees="住宅每件80元，非住宅每件550元",
    basis="《不动产登记暂行条例》第十四条、第二十条",
    result="不动产权证书",
    delivery=(W, MAIL, E),
    gap=True,
    materials=[
        form_mat("不动产登记申请书"),
        mat("买受人居民身份证", CHECKED, source=SHARED),
        mat("商品房买卖合同（网签备案）", KEPT, source=ISSUED),
        mat("购房发票", COPY, gap=True, note="可容缺，承诺期内补交"),
        mat("契税完税凭证", ELEC, source=SHARED),
        mat("住宅专项维修资金交存证明", COPY, gap=True, source=SHARED),
    ],
)
add(
    "estate_archive",
    107,
    "不动产登记资料查询",
    "HSZRGH",
    "公共服务",
    zone="ESTATE",
    immediate=True,
    legal=0,
    promised=0,
    basis="《不动产登记暂行条例》第二十七条；《不动产登记资料查询暂行办法》",
    result="不动产登记资料查询结果证明",
    delivery=(W,),
    materials=[
        form_mat("不动产登记资料查询申请书"),
        mat(ID_CARD, CHECKED, source=SHARED),
        mat("利害关系证明材料", COPY, required=False, note="利害关系人查询的提交"),
    ],
)

# ---------------------------------------------------------------- 企业事务 (ENTERPRISE)

add(
    "biz_register",
    201,
    "企业设立登记（有限责任公司）",
    "HSSCJG",
    "行政许可",
    zone="ENTERPRISE",
    immediate=False,
    legal=3,
    promised=1,
    basis="《中华人民共和国公司法》第二十九条；《中华人民共和国市场主体登记管理条例》第十六条、第十九条",
    result="营业执照（同步发放电子营业执照）",
    delivery=(W, MAIL, E),
    gap=True,
    materials=[
        form_mat("公司登记（备案）申请书", std="QYKB-SQB"),
        mat("公司章程", KEPT, note="全体股东签字"),
        mat("股东主体资格文件或自然人身份证明", COPY, source=SHARED, std="QY-GDZG"),
        mat("法定代表人、董事、监事和经理的任职文件及身份证明", COPY, std="ID-FDDB"),
        mat(
            "住所（经营场所）使用证明",
            COPY,
            gap=True,
            note="实行住所申报承诺制，可先签承诺书容缺受理",
            std="QY-ZS",
        ),
        mat(
            "指定代表或者共同委托代理人授权委托书及其身份证件",
            KEPT,
            required=False,
            std="ID-JBR",
        ),
    ],
)
add(
    "biz_seal",
    202,
    "公章刻制备案（新办企业首套印章）",
    "HSGA",
    "其他行政权力",
    zone="ENTERPRISE",
    immediate=True,
    legal=1,
    promised=0,
    fees="新办企业首套印章（5枚）由政府购买服务免费刻制",
    basis="《国务院关于第三批取消中央指定地方实施行政许可事项的决定》（国发〔2017〕7号）",
    result="印章及印章备案信息",
    delivery=(W, MAIL),
    materials=[
        mat("营业执照", ELEC, source=SHARED, note="登记信息自动推送"),
        mat("法定代表人居民身份证", CHECKED, source=SHARED),
        mat("经办人居民身份证", CHECKED, required=False, note="非法定代表人办理的提交"),
    ],
)
add(
    "biz_tax",
    203,
    "新办纳税人涉税事项（发票领用及税务Ukey发放）",
    "HSSW",
    "其他行政权力",
    zone="ENTERPRISE",
    immediate=True,
    legal=1,
    promised=0,
    fees="税务Ukey免费发放",
    basis="《中华人民共和国税收征收管理法》第十五条；《中华人民共和国发票管理办法》第十五条",
    result="发票领用资格及税务Ukey",
    delivery=(W, MAIL),
    materials=[
        mat("营业执照", ELEC, source=SHARED),
        mat("法定代表人居民身份证", CHECKED, source=SHARED),
        mat("办税人员居民身份证", CHECKED),
        form_mat(
            "新办纳税人套餐式服务表单",
            required=False,
            note="网上已填报的无需提交",
            std="QYKB-SQB",
        ),
    ],
)
add(
    "biz_social",
    204,
    "单位社会保险登记",
    "HSRS",
    "公共服务",
    zone="ENTERPRISE",
    immediate=True,
    legal=10,
    promised=0,
    basis="《中华人民共和国社会保险法》第五十七条；《社会保险费征缴暂行条例》第七条",
    result="单位社会保险登记信息",
    delivery=(W, E),
    materials=[
        mat("营业执照", ELEC, source=SHARED),
        mat("法定代表人居民身份证", CHECKED, source=SHARED),
        form_mat(
            "社会保险登记表（单位）",
            required=False,
            note="企业开办一网通办已填报的免交",
            std="QYKB-SQB",
        ),
    ],
)
add(
    "biz_fund",
    205,
    "住房公积金单位缴存登记",
    "HSGJJ",
    "公共服务",
    zone="ENTERPRISE",
    immediate=True,
    legal=5,
    promised=0,
    basis="《住房公积金管理条例》第十四条",
    result="住房公积金单位缴存登记信息",
    delivery=(W, E),
    materials=[
        mat("营业执照", ELEC, source=SHARED),
        form_mat("住房公积金单位缴存登记表", std="QYKB-SQB"),
        mat("经办人居民身份证", CHECKED),
    ],
)
add(
    "biz_bank",
    206,
    "企业银行账户开户预约",
    "HSRH",
    "公共服务",
    zone="ENTERPRISE",
    immediate=True,
    legal=0,
    promised=0,
    basis="《人民币银行结算账户管理办法》；"
    "《中国人民银行关于取消企业银行账户许可的通知》（银发〔2019〕41号）",
    result="银行开户预约回执",
    delivery=(W, E),
    materials=[
        mat("营业执照", ELEC, source=SHARED),
        mat("法定代表人居民身份证", CHECKED, source=SHARED),
        mat("开户银行及网点选择意向", ELEC, note="窗口系统内选择", std="QYKB-SQB"),
    ],
)
add(
    "biz_sole",
    207,
    "个体工商户设立登记",
    "HSSCJG",
    "行政许可",
    zone="ENTERPRISE",
    immediate=True,
    legal=3,
    promised=0,
    basis="《促进个体工商户发展条例》；《中华人民共和国市场主体登记管理条例》第十九条",
    result="营业执照（个体工商户）",
    delivery=(W, MAIL, E),
    materials=[
        form_mat("个体工商户登记（备案）申请书"),
        mat("经营者居民身份证", CHECKED, source=SHARED),
        mat("经营场所使用证明", COPY, note="也可签署住所申报承诺书"),
        mat("委托代理人身份证明及委托书", COPY, required=False),
    ],
)
add(
    "biz_change",
    208,
    "企业变更登记（名称变更）",
    "HSSCJG",
    "行政许可",
    zone="ENTERPRISE",
    immediate=False,
    legal=3,
    promised=1,
    basis="《中华人民共和国市场主体登记管理条例》第二十四条",
    result="营业执照（换发）",
    delivery=(W, MAIL, E),
    materials=[
        form_mat("公司登记（备案）申请书"),
        mat("关于修改公司章程的决议、决定", KEPT),
        mat("修改后的公司章程或章程修正案", KEPT),
        mat("营业执照正、副本", KEPT, note="换发新照时收回"),
        mat("经办人居民身份证", CHECKED),
    ],
)
add(
    "food_license",
    209,
    "食品经营许可（新办）",
    "HSSCJG",
    "行政许可",
    zone="ENTERPRISE",
    immediate=False,
    legal=10,
    promised=5,
    basis="《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》",
    result="食品经营许可证",
    delivery=(W, MAIL, E),
    gap=True,
    materials=[
        form_mat("食品经营许可申请书"),
        mat("营业执照", ELEC, source=SHARED),
        mat("与食品经营相适应的主要设备设施、经营布局、操作流程等文件", COPY),
        mat("食品安全自查、从业人员健康管理、进货查验记录等保证食品安全的规章制度", COPY),
        mat("食品安全管理人员基本情况", COPY, gap=True, note="可容缺，承诺期内补交"),
        mat("经办人居民身份证", CHECKED),
    ],
)
add(
    "food_change",
    210,
    "食品经营许可变更（名称变更）",
    "HSSCJG",
    "行政许可",
    zone="ENTERPRISE",
    immediate=False,
    legal=10,
    promised=3,
    basis="《中华人民共和国食品安全法》第三十五条；《食品经营许可和备案管理办法》",
    result="食品经营许可证（变更）",
    delivery=(W, MAIL, E),
    materials=[
        form_mat("食品经营许可变更申请书"),
        mat("营业执照", ELEC, source=SHARED, note="变更后的营业执照"),
        mat("食品经营许可证正、副本", KEPT),
        mat("经办人居民身份证", CHECKED),
    ],
)
add(
    "drug_change",
    211,
    "药品经营许可证（零售）变更",
    "HSSCJG",
    "行政许可",
    zone="ENTERPRISE",
    immediate=False,
    legal=15,
    promised=3,
    basis="《中华人民共和国药品管理法》第五十一条；《药品经营和使用质量监督管理办法》",
    result="药品经营许可证（变更）",
    delivery=(W, MAIL, E),
    materials=[
        form_mat("药品经营许可证变更申请表"),
        mat("营业执照", ELEC, source=SHARED),
        mat("药品经营许可证正、副本", KEPT),
        mat("变更事项的相关证明文件", COPY),
        mat("经办人居民身份证", CHECKED),
    ],
)
add(
    "device_change",
    212,
    "第二类医疗器械经营备案变更",
    "HSSCJG",
    "其他行政权力",
    zone="ENTERPRISE",
    immediate=True,
    legal=0,
    promised=0,
    basis="《医疗器械监督管理条例》；《医疗器械经营监督管理办法》",
    result="第二类医疗器械经营备案凭证（变更）",
    delivery=(W, MAIL, E),
    materials=[
        form_mat("第二类医疗器械经营备案变更表"),
        mat("营业执照", ELEC, source=SHARED),
        mat("原第二类医疗器械经营备案凭证", KEPT),
        mat("经办人居民身份证", CHECKED),
    ],
)
add(
    "invest_filing",
    213,
    "企业投资项目备案",
    "HSFG",
    "其他行政权力",
    zone="ENTERPRISE",
    immediate=True,
    legal=0,
    promised=0,
    basis="《企业投资项目核准和备案管理条例》第十三条",
    result="湖北省固定资产投资项目备案证",
    delivery=(W, E),
    materials=[
        mat("项目备案信息表", ELEC, note="在投资项目在线审批监管平台填报"),
        mat("营业执照", ELEC, source=SHARED),
        mat("项目单位承诺书", KEPT),
    ],
)
add(
    "eia_report",
    214,
    "建设项目环境影响报告表审批",
    "HSSTHJ",
    "行政许可",
    zone="ENTERPRISE",
    immediate=False,
    legal=20,
    promised=10,
    basis="《中华人民共和国环境影响评价法》第二十二条；《建设项目环境保护管理条例》第九条",
    result="建设项目环境影响报告表批复",
    delivery=(W, MAIL, E),
    gap=True,
    materials=[
        mat("建设项目环境影响报告表审批申请", KEPT),
        mat("建设项目环境影响报告表（全本）", KEPT, copies=2),
        mat("删除涉及国家秘密、商业秘密内容的公开版本说明", COPY, gap=True, note="可容缺"),
        mat("项目备案证或核准批复", COPY, source=SHARED),
    ],
)
add(
    "outdoor_ad",
    215,
    "户外广告设施设置审批",
    "HSCG",
    "行政许可",
    zone="ENTERPRISE",
    immediate=False,
    legal=20,
    promised=5,
    basis="《城市市容和环境卫生管理条例》第十一条",
    result="户外广告设施设置许可决定书",
    delivery=(W, MAIL),
    gap=True,
    materials=[
        form_mat("户外广告设施设置申请表"),
        mat("营业执照", ELEC, source=SHARED),
        mat("设施设计效果图、位置示意图", COPY),
        mat("场地使用权证明或场地使用协议", COPY),
        mat("结构安全检测报告", COPY, gap=True, note="大型设施提交；可容缺"),
    ],
)
add(
    "build_permit",
    216,
    "建筑工程施工许可证核发",
    "HSZJ",
    "行政许可",
    zone="ENTERPRISE",
    immediate=False,
    legal=5,
    promised=3,
    basis="《中华人民共和国建筑法》第七条、第八条；《建筑工程施工许可管理办法》",
    result="建筑工程施工许可证",
    delivery=(W, MAIL, E),
    gap=True,
    materials=[
        form_mat("建筑工程施工许可证申请表"),
        mat("建设工程规划许可证", ELEC, source=SHARED),
        mat("中标通知书或直接发包批准文件", COPY),
        mat("施工合同", COPY),
        mat("建设资金已落实承诺书", KEPT),
        mat("施工图审查合格书", COPY, gap=True, note="可容缺，开工前补齐"),
    ],
)

# ---------------------------------------------------------------- 公安 (POLICE)

HUKOU_SCENARIOS = (
    ("BUY", "购房迁入", "在迁入地购买合法稳定住所，随父母迁入入学"),
    ("RENT", "租房迁入", "在迁入地租赁住房居住，迁入社区公共集体户"),
    ("KIN", "投靠亲属", "迁入祖父母、外祖父母等直系亲属户内"),
)
add(
    "hukou_child",
    301,
    "户口迁移（子女入学随迁）",
    "HSGA",
    "行政许可",
    zone="POLICE",
    immediate=False,
    legal=20,
    promised=5,
    basis="《中华人民共和国户口登记条例》第十条、第十三条；"
    "《国务院关于进一步推进户籍制度改革的意见》（国发〔2014〕25号）",
    result="准予迁入证明及户口簿迁入登记",
    delivery=(W,),
    gap=True,
    scenarios=HUKOU_SCENARIOS,
    materials=[
        form_mat("户口迁移申请表", note="监护人签字"),
        mat("迁移人居民户口簿", CHECKED),
        mat("监护人居民身份证", CHECKED, source=SHARED),
        mat("出生医学证明", CHECKED, required=False, note="未满16周岁且无身份证的提交"),
        mat("入学通知书或学籍证明", COPY, gap=True, note="证明类材料，可容缺补交"),
        mat("不动产权证书", CHECKED, scenarios=("BUY",), note="共享库可查的免交原件"),
        mat(
            "商品房买卖合同及购房发票",
            COPY,
            required=False,
            scenarios=("BUY",),
            note="尚未取得不动产权证书的提交",
        ),
        mat("房屋租赁合同（登记备案）", CHECKED, scenarios=("RENT",)),
        mat("居住证", CHECKED, scenarios=("RENT",)),
        mat("社区公共集体户口接收证明", KEPT, scenarios=("RENT",)),
        mat("亲属关系证明", CHECKED, scenarios=("KIN",), note="户口簿、出生医学证明或公证书"),
        mat("被投靠人居民户口簿", CHECKED, scenarios=("KIN",)),
        mat("被投靠人同意落户的书面意见", KEPT, scenarios=("KIN",)),
        mat(
            "被投靠人住房证明",
            COPY,
            gap=True,
            source=SHARED,
            scenarios=("KIN",),
            note="共享库可调取的免交",
        ),
    ],
)
add(
    "birth_reg",
    302,
    "出生登记（新生儿落户）",
    "HSGA",
    "行政确认",
    zone="POLICE",
    immediate=True,
    legal=0,
    promised=0,
    basis="《中华人民共和国户口登记条例》第七条",
    result="居民户口簿（新生儿登记页）",
    delivery=(W,),
    materials=[
        mat("出生医学证明", KEPT, note="收取原件副页"),
        mat("父母双方居民户口簿", CHECKED),
        mat("父母双方居民身份证", CHECKED, source=SHARED),
        mat("结婚证", CHECKED, required=False, note="父母已婚的提交"),
    ],
)
add(
    "passport",
    303,
    "普通护照签发（首次申领）",
    "HSGA",
    "行政许可",
    zone="POLICE",
    immediate=False,
    legal=15,  # 护照法 Art. 6: 十五日, calendar days
    legal_unit=LimitUnit.CALENDAR_DAYS,
    promised=7,
    fees="每本120元",
    basis="《中华人民共和国护照法》第五条、第六条；《中华人民共和国出境入境管理法》第九条",
    result="中华人民共和国普通护照",
    delivery=(W, MAIL),
    materials=[
        form_mat("中国公民出入境证件申请表", note="窗口现场采集打印，申请人签字"),
        mat(ID_CARD, CHECKED),
        mat("出入境证件照片", ELEC, note="现场采集或使用照相回执"),
        mat("监护人居民身份证及监护关系证明", CHECKED, required=False, note="未满16周岁的提交"),
        mat(
            "登记备案人员出国（境）审批意见",
            KEPT,
            required=False,
            note="登记备案的国家工作人员提交",
        ),
    ],
)
add(
    "hk_macao",
    304,
    "往来港澳通行证及签注签发（首次申领）",
    "HSGA",
    "行政许可",
    zone="POLICE",
    immediate=False,
    legal=10,
    promised=7,
    fees="往来港澳通行证每张60元；个人旅游签注每次15元",
    basis="《中国公民因私事往来香港地区或者澳门地区的暂行管理办法》；"
    "《中华人民共和国出境入境管理法》",
    result="往来港澳通行证及签注",
    delivery=(W, MAIL),
    materials=[
        form_mat("中国公民出入境证件申请表"),
        mat(ID_CARD, CHECKED),
        mat("出入境证件照片", ELEC, note="现场采集"),
        mat("监护人居民身份证及监护关系证明", CHECKED, required=False, note="未满16周岁的提交"),
    ],
)
add(
    "id_card",
    305,
    "居民身份证换领、补领",
    "HSGA",
    "行政确认",
    zone="POLICE",
    immediate=False,
    legal=40,
    promised=15,
    fees="换领每证20元；丢失补领或损坏换领每证40元",
    basis="《中华人民共和国居民身份证法》第五条、第十条、第十一条",
    result="居民身份证",
    delivery=(W, MAIL),
    materials=[
        mat("居民户口簿", CHECKED),
        mat("原居民身份证", KEPT, required=False, note="有效期满换领或损坏换领的收回"),
        mat("居民身份证相片", ELEC, note="现场采集并录入指纹"),
    ],
)
add(
    "residence_permit",
    306,
    "居住证申领",
    "HSGA",
    "公共服务",
    zone="POLICE",
    immediate=False,
    legal=10,
    promised=5,
    fees="首次申领免费",
    basis="《居住证暂行条例》第九条、第十条",
    result="湖北省居住证",
    delivery=(W, MAIL),
    gap=True,
    materials=[
        form_mat("居住证申领登记表"),
        mat(ID_CARD, CHECKED),
        mat("近期相片", ELEC, note="现场采集"),
        mat("居住地住址证明", COPY, note="房屋租赁合同、不动产权证书或单位住宿证明"),
        mat(
            "就业、就读或连续居住证明",
            COPY,
            gap=True,
            note="劳动合同、营业执照或学籍证明之一；可容缺",
        ),
    ],
)
add(
    "no_crime",
    307,
    "无犯罪记录证明开具",
    "HSGA",
    "公共服务",
    zone="POLICE",
    immediate=False,
    legal=3,
    promised=1,
    basis="《公安机关办理无犯罪记录证明工作规定》（公通字〔2021〕19号）",
    result="无犯罪记录证明",
    delivery=(W, E),
    materials=[
        form_mat("无犯罪记录证明申请表"),
        mat(ID_CARD, CHECKED, source=SHARED),
        mat("授权委托书及受托人身份证明", KEPT, required=False, note="委托他人代办的提交"),
    ],
)

# ---------------------------------------------------------------- 税务 (TAX)

add(
    "tax_invoice_agent",
    401,
    "代开增值税发票（自然人）",
    "HSSW",
    "其他行政权力",
    zone="TAX",
    immediate=True,
    legal=0,
    promised=0,
    fees="依法缴纳相应税款，代开不收费",
    basis="《中华人民共和国发票管理办法》第十六条",
    result="增值税发票",
    delivery=(W, E),
    materials=[
        form_mat("代开增值税发票缴纳税款申报单"),
        mat(ID_CARD, CHECKED),
        mat("购销合同或提供服务的书面证明", COPY),
    ],
)
add(
    "tax_certificate",
    402,
    "开具税收完税证明",
    "HSSW",
    "公共服务",
    zone="TAX",
    immediate=True,
    legal=0,
    promised=0,
    basis="《税收票证管理办法》",
    result="中华人民共和国税收完税证明",
    delivery=(W, E),
    materials=[
        mat(ID_CARD, CHECKED),
        mat("完税凭证号或缴税记录", ELEC, required=False, note="窗口可查询"),
    ],
)
add(
    "tax_cross_region",
    403,
    "跨区域涉税事项报告",
    "HSSW",
    "其他行政权力",
    zone="TAX",
    immediate=True,
    legal=0,
    promised=0,
    basis="《国家税务总局关于创新跨区域涉税事项报验管理制度的通知》（税总发〔2017〕103号）",
    result="跨区域涉税事项报告表",
    delivery=(W, E),
    materials=[
        form_mat("跨区域涉税事项报告表"),
        mat("外出经营合同", COPY, required=False, note="按规定需要时提交"),
        mat("办税人员居民身份证", CHECKED),
    ],
)

# ---------------------------------------------------------------- 公积金 (FUND)

add(
    "fund_withdraw",
    501,
    "住房公积金提取",
    "HSGJJ",
    "公共服务",
    zone="FUND",
    immediate=True,
    legal=3,
    promised=0,
    basis="《住房公积金管理条例》第二十四条、第二十五条",
    result="住房公积金提取到账",
    delivery=(W, E),
    scenarios=(
        ("BUY", "购买自住住房", "购买、建造、翻建、大修自住住房"),
        ("RENT", "租房自住", "无自有住房且租赁住房"),
        ("RETIRE", "离休、退休", "离休、退休后销户提取"),
    ),
    materials=[
        form_mat("住房公积金提取申请表"),
        mat(ID_CARD, CHECKED, source=SHARED),
        mat("本人银行卡", CHECKED, note="一类借记卡"),
        mat("购房合同及购房发票或契税完税凭证", COPY, scenarios=("BUY",)),
        mat("无房证明", ELEC, source=SHARED, scenarios=("RENT",), note="中心在线核查"),
        mat("房屋租赁合同", COPY, required=False, scenarios=("RENT",), note="按实际房租提取的提交"),
        mat("退休证明", COPY, source=SHARED, scenarios=("RETIRE",), note="社保退休信息在线核查"),
    ],
)
add(
    "fund_loan",
    502,
    "住房公积金个人住房贷款申请",
    "HSGJJ",
    "公共服务",
    zone="FUND",
    immediate=False,
    legal=10,
    promised=5,
    basis="《住房公积金管理条例》第二十六条",
    result="住房公积金个人住房贷款审批结果",
    delivery=(W,),
    gap=True,
    materials=[
        form_mat("住房公积金个人住房贷款申请表"),
        mat("借款人及配偶居民身份证", CHECKED, source=SHARED),
        mat("婚姻状况证明", COPY, source=SHARED),
        mat("购房合同（网签备案）", COPY, source=SHARED),
        mat("首付款发票或收据", COPY, gap=True, note="可容缺，放款前补交"),
        mat("借款人收入证明", KEPT, gap=True, note="证明类材料，可容缺"),
    ],
)
add(
    "fund_account",
    503,
    "住房公积金个人账户设立",
    "HSGJJ",
    "公共服务",
    zone="FUND",
    immediate=True,
    legal=3,
    promised=0,
    basis="《住房公积金管理条例》第十五条",
    result="住房公积金个人账户",
    delivery=(W, E),
    materials=[
        form_mat("住房公积金职工缴存登记表", note="单位盖章"),
        mat("职工居民身份证", COPY, source=SHARED),
        mat("单位经办人居民身份证", CHECKED),
    ],
)

# ---------------------------------------------------------------- 社会事务 (SOCIAL)

add(
    "med_transfer",
    601,
    "基本医疗保险关系转移接续（异地医保转移）",
    "HSYB",
    "公共服务",
    zone="SOCIAL",
    immediate=True,
    legal=15,
    promised=0,
    basis="《中华人民共和国社会保险法》第三十二条；"
    "《基本医疗保障关系转移接续暂行办法》（医保办发〔2021〕43号）",
    result="基本医疗保险关系转入受理回执",
    delivery=(W, E),
    materials=[
        mat(ID_CARD, CHECKED, source=SHARED),
        form_mat("基本医疗保险关系转移接续申请表", required=False, note="线上申请的免交"),
        mat("参保凭证", ELEC, required=False, source=SHARED, note="转出地信息平台传递"),
    ],
)
add(
    "med_remote",
    602,
    "异地就医备案",
    "HSYB",
    "公共服务",
    zone="SOCIAL",
    immediate=True,
    legal=0,
    promised=0,
    basis="《国家医保局 财政部关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》"
    "（医保发〔2022〕22号）",
    result="异地就医备案凭证",
    delivery=(W, E),
    scenarios=(
        ("LONG", "异地长期居住", "异地安置退休、异地长期居住、常驻异地工作"),
        ("REFERRAL", "转诊转院", "经参保地定点医疗机构转诊到异地就医"),
        ("TEMP", "临时外出就医", "异地急诊抢救或临时外出就医"),
    ),
    materials=[
        form_mat("基本医疗保险异地就医备案表"),
        mat(ID_CARD, CHECKED, source=SHARED),
        mat("个人承诺书", KEPT, scenarios=("LONG", "TEMP"), note="承诺异地长期居住或临时外出"),
        mat("转诊转院证明", KEPT, scenarios=("REFERRAL",), note="参保地定点医疗机构出具"),
    ],
)
add(
    "rural_pension",
    603,
    "城乡居民基本养老保险参保登记",
    "HSRS",
    "公共服务",
    zone="SOCIAL",
    immediate=True,
    legal=0,
    promised=0,
    basis="《中华人民共和国社会保险法》第二十条；"
    "《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）",
    result="城乡居民基本养老保险参保登记信息",
    delivery=(W, E),
    materials=[
        form_mat("城乡居民基本养老保险参保登记表"),
        mat(ID_CARD, CHECKED, source=SHARED),
        mat("居民户口簿", CHECKED),
    ],
)
add(
    "pension_transfer",
    604,
    "企业职工基本养老保险关系转移接续",
    "HSRS",
    "公共服务",
    zone="SOCIAL",
    immediate=False,
    legal=45,
    promised=20,
    basis="《城镇企业职工基本养老保险关系转移接续暂行办法》（国办发〔2009〕66号）",
    result="基本养老保险关系转移接续联系函、参保缴费凭证",
    delivery=(W, MAIL, E),
    materials=[
        form_mat("基本养老保险关系转移接续申请表"),
        mat(ID_CARD, CHECKED, source=SHARED),
        mat("参保缴费凭证", COPY, source=SHARED, note="转出地社保机构出具"),
    ],
)
add(
    "unemployment",
    605,
    "失业保险金申领",
    "HSRS",
    "行政给付",
    zone="SOCIAL",
    immediate=False,
    legal=10,
    promised=3,
    basis="《中华人民共和国社会保险法》第四十五条、第五十条；《失业保险条例》第十四条",
    result="失业保险待遇核定",
    delivery=(W, E),
    gap=True,
    materials=[
        form_mat("失业保险金申领登记表"),
        mat(ID_CARD, CHECKED, source=SHARED),
        mat("终止或者解除劳动关系证明", COPY, gap=True, note="单位已在线报送的免交"),
        mat("本人社会保障卡或银行卡", CHECKED),
    ],
)
add(
    "social_card",
    606,
    "社会保障卡申领（即时制卡）",
    "HSRS",
    "公共服务",
    zone="SOCIAL",
    immediate=True,
    legal=0,
    promised=0,
    fees="首次申领免费；补换卡按规定收取工本费",
    basis="《中华人民共和国社会保险法》第五十八条",
    result="社会保障卡",
    delivery=(W,),
    materials=[
        mat(ID_CARD, CHECKED, std="ID-SFHM"),
        mat("近期相片", ELEC, note="现场采集"),
        mat("监护人居民身份证", CHECKED, required=False, note="未成年人申领的提交", std="ID-FMSF"),
    ],
)
add(
    "nurse_reg",
    607,
    "护士执业注册（首次）",
    "HSWJ",
    "行政许可",
    zone="SOCIAL",
    immediate=False,
    legal=20,
    promised=5,
    basis="《护士条例》第七条、第八条；《护士执业注册管理办法》",
    result="护士执业证书（电子证照）",
    delivery=(W, MAIL, E),
    gap=True,
    materials=[
        form_mat("护士执业注册申请审核表", note="拟执业机构盖章"),
        mat(ID_CARD, CHECKED, source=SHARED),
        mat("学历证书及专业学习中的临床实习证明", COPY),
        mat("护士执业资格考试成绩合格证明", COPY, source=SHARED),
        mat("6个月内健康体检证明", KEPT, gap=True, note="二级以上医院出具；可容缺"),
        mat("医疗卫生机构拟聘用的相关材料", COPY),
    ],
)
add(
    "doctor_reg",
    608,
    "医师执业注册",
    "HSWJ",
    "行政许可",
    zone="SOCIAL",
    immediate=False,
    legal=20,
    promised=5,
    basis="《中华人民共和国医师法》第十三条；《医师执业注册管理办法》",
    result="医师执业证书（电子证照）",
    delivery=(W, MAIL, E),
    gap=True,
    materials=[
        form_mat("医师执业注册申请审核表"),
        mat(ID_CARD, CHECKED, source=SHARED),
        mat("医师资格证书", COPY, source=SHARED),
        mat("6个月内健康体检证明", KEPT, gap=True, note="可容缺"),
        mat("医疗卫生机构拟聘用的相关材料", COPY),
    ],
)
add(
    "freight_driver",
    609,
    "道路运输从业人员从业资格证核发（货运驾驶员）",
    "HSJT",
    "行政许可",
    zone="SOCIAL",
    immediate=False,
    legal=10,
    promised=5,
    fees="不收费",
    basis="《中华人民共和国道路运输条例》第二十二条；《道路运输从业人员管理规定》",
    result="中华人民共和国道路运输从业人员从业资格证",
    delivery=(W, MAIL, E),
    materials=[
        form_mat("道路货物运输驾驶员从业资格考试申请表"),
        mat(ID_CARD, CHECKED, source=SHARED),
        mat("机动车驾驶证", CHECKED, source=SHARED),
        mat("近期相片", ELEC, note="现场采集"),
    ],
)
add(
    "taxi_driver",
    610,
    "出租汽车驾驶员从业资格证核发",
    "HSJT",
    "行政许可",
    zone="SOCIAL",
    immediate=False,
    legal=10,
    promised=5,
    basis="《出租汽车驾驶员从业资格管理规定》",
    result="出租汽车驾驶员从业资格证",
    delivery=(W, MAIL),
    materials=[
        form_mat("出租汽车驾驶员从业资格考试申请表"),
        mat(ID_CARD, CHECKED, source=SHARED),
        mat("机动车驾驶证", CHECKED, source=SHARED),
        mat("无犯罪记录证明", KEPT, source=SHARED, note="公安部门共享的免交"),
        mat("近期相片", ELEC),
    ],
)
add(
    "teacher_cert",
    611,
    "教师资格认定",
    "HSJY",
    "行政许可",
    zone="SOCIAL",
    immediate=False,
    legal=20,
    promised=15,
    basis="《中华人民共和国教师法》第十条、第十三条；《教师资格条例》",
    result="教师资格证书",
    delivery=(W, MAIL, E),
    gap=True,
    materials=[
        form_mat("教师资格认定申请表"),
        mat(ID_CARD, CHECKED, source=SHARED),
        mat("学历证书", COPY, source=SHARED),
        mat("普通话水平测试等级证书", COPY, source=SHARED),
        mat("中小学教师资格考试合格证明", ELEC, source=SHARED),
        mat("体检合格证明", KEPT, gap=True, note="指定医院出具；可容缺"),
    ],
)
add(
    "elder_allowance",
    612,
    "80周岁以上老年人高龄津贴申领",
    "HSMZ",
    "行政给付",
    zone="SOCIAL",
    immediate=False,
    legal=20,
    promised=10,
    basis="《中华人民共和国老年人权益保障法》第三十三条",
    result="高龄津贴发放",
    delivery=(W, E),
    materials=[
        form_mat("高龄津贴申请表"),
        mat(ID_CARD, CHECKED, source=SHARED),
        mat("居民户口簿", CHECKED),
        mat("本人社会保障卡或银行卡", COPY),
        mat("代办人居民身份证", CHECKED, required=False, note="委托他人代办的提交"),
    ],
)
add(
    "disability_subsidy",
    613,
    "困难残疾人生活补贴和重度残疾人护理补贴申领",
    "HSMZ",
    "行政给付",
    zone="SOCIAL",
    immediate=False,
    legal=20,
    promised=15,
    basis="《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》"
    "（国发〔2015〕52号）",
    result="残疾人两项补贴发放",
    delivery=(W, E),
    materials=[
        form_mat("残疾人两项补贴申请审批表"),
        mat(ID_CARD, CHECKED, source=SHARED),
        mat("中华人民共和国残疾人证", CHECKED, source=SHARED),
        mat("低保证或特困证明", COPY, required=False, source=SHARED, note="申请生活补贴的提交"),
    ],
)
add(
    "birth_service",
    614,
    "生育登记",
    "HSWJ",
    "公共服务",
    zone="SOCIAL",
    immediate=True,
    legal=0,
    promised=0,
    basis="《中华人民共和国人口与计划生育法》",
    result="生育登记服务回执",
    delivery=(W, E),
    materials=[
        mat("夫妻双方居民身份证", CHECKED, source=SHARED),
        mat("结婚证", CHECKED, required=False, source=SHARED),
    ],
)
add(
    "medical_reimburse",
    615,
    "异地就医费用手工报销",
    "HSYB",
    "行政给付",
    zone="SOCIAL",
    immediate=False,
    legal=20,
    promised=10,
    basis="《中华人民共和国社会保险法》第二十八条、第二十九条",
    result="医疗费用报销核定",
    delivery=(W, E),
    gap=True,
    materials=[
        form_mat("医疗费用手工报销申请表"),
        mat(ID_CARD, CHECKED, source=SHARED),
        mat("医疗费用收费票据", KEPT),
        mat("费用明细清单", KEPT),
        mat("出院记录或诊断证明", COPY, gap=True, note="可容缺"),
        mat("本人社会保障卡或银行卡", COPY),
    ],
)
add(
    "employment_reg",
    616,
    "就业创业证申领",
    "HSRS",
    "公共服务",
    zone="SOCIAL",
    immediate=True,
    legal=0,
    promised=0,
    basis="《中华人民共和国就业促进法》；《就业服务与就业管理规定》",
    result="就业创业证（电子）",
    delivery=(W, E),
    materials=[
        mat(ID_CARD, CHECKED, source=SHARED),
        form_mat("就业创业证申领登记表", required=False, note="线上申请的免交"),
    ],
)
add(
    "med_enroll",
    618,
    "城乡居民基本医疗保险参保登记",
    "HSYB",
    "公共服务",
    zone="SOCIAL",
    immediate=True,
    legal=0,
    promised=0,
    fees="按当年城乡居民医保个人缴费标准缴费，由税务部门征收",
    basis="《中华人民共和国社会保险法》第二十五条",
    result="城乡居民基本医疗保险参保登记信息",
    delivery=(W, E),
    materials=[
        mat(
            ID_CARD,
            CHECKED,
            required=False,
            source=SHARED,
            note="新生儿可凭出生医学证明",
            std="ID-SFHM",
        ),
        mat("居民户口簿", CHECKED),
        mat("出生医学证明", COPY, required=False, note="新生儿参保的提交"),
    ],
)
add(
    "road_transport_biz",
    617,
    "道路普通货物运输经营许可",
    "HSJT",
    "行政许可",
    zone="ENTERPRISE",
    immediate=False,
    legal=20,
    promised=5,
    basis="《中华人民共和国道路运输条例》第二十四条、第二十五条；《道路货物运输及站场管理规定》",
    result="道路运输经营许可证",
    delivery=(W, MAIL, E),
    materials=[
        form_mat("道路货物运输经营申请表"),
        mat("营业执照", ELEC, source=SHARED),
        mat("负责人居民身份证", CHECKED),
        mat("车辆行驶证", COPY),
        mat("驾驶人员从业资格证", COPY, source=SHARED),
        mat("安全生产管理制度文本", KEPT),
    ],
)


BUNDLES: list[Bundle] = [
    Bundle(
        code="420200-YJS-0001",
        name="企业开办一件事",
        item_codes=tuple(
            KEYS[k]
            for k in ("biz_register", "biz_seal", "biz_tax", "biz_social", "biz_fund", "biz_bank")
        ),
        zone="ENTERPRISE",
        description="设立登记、印章刻制、发票领用及税务Ukey、社保登记、公积金缴存登记、"
        "银行开户预约：一套材料、一个窗口，首套印章免费；申请材料从23份压缩至最多6份",
        # the citizen chooses what to add to the licence (企业开办自选式套餐)
        optional_items=tuple(KEYS[k] for k in ("biz_social", "biz_fund", "biz_bank")),
        produces=(ProducedMaterial(KEYS["biz_register"], "ZZ-YYZZ"),),
        lead_department_code="HSSCJG",
    ),
    Bundle(
        code="420200-YJS-0002",
        name="二手房交易一件事",
        item_codes=tuple(
            KEYS[k]
            for k in ("estate_contract", "estate_tax", "estate_transfer", "estate_utilities")
        ),
        zone="ESTATE",
        description="交易确认、契税申报、不动产转移登记、水电气联动过户：一窗受理、并联审查",
        optional_items=(KEYS["estate_utilities"],),
        produces=(
            ProducedMaterial(KEYS["estate_contract"], "FW-WQ"),
            ProducedMaterial(KEYS["estate_tax"], "SW-WS"),
            ProducedMaterial(KEYS["estate_transfer"], "BDC-SLPZ"),
        ),
        lead_department_code="HSZRGH",
    ),
    Bundle(
        code="420200-YJS-0003",
        name="连锁企业名称变更一件事",
        item_codes=tuple(
            KEYS[k] for k in ("biz_change", "food_change", "drug_change", "device_change")
        ),
        zone="ENTERPRISE",
        description="营业执照、食品经营许可证、药品经营许可证、第二类医疗器械经营备案名称"
        "一并变更，一套材料",
        lead_department_code="HSSCJG",
    ),
    Bundle(
        code="420200-YJS-0004",
        name="新生儿出生一件事",
        item_codes=tuple(KEYS[k] for k in ("birth_reg", "med_enroll", "social_card")),
        zone="SOCIAL",
        description="出生登记、城乡居民医保参保登记、社会保障卡申领：一次申请、一窗办结",
        optional_items=(KEYS["social_card"],),
        produces=(
            ProducedMaterial(KEYS["birth_reg"], "HK-HKB"),
            ProducedMaterial(KEYS["birth_reg"], "ID-SFHM"),
        ),
        lead_department_code="HSGA",
    ),
]


def records() -> list[dict[str, Any]]:
    """Every line of the catalog file, header first."""
    lines: list[dict[str, Any]] = [HEADER]
    used = {i.department_code for i in ITEMS}
    for code, name, mode, phone in DEPARTMENTS:
        if code in used:
            record = {
                "kind": "department",
                "code": code,
                "name": name,
                "window_mode": mode,
                "phone": phone,
                "review_body": REVIEW_BODIES[code],
                "credit_code": credit_code(code),
                "level": "市",
            }
            lines.append({k: v for k, v in record.items() if v})
    lines.extend({"kind": "material", **m.to_dict()} for m in MATERIAL_CODES)
    lines.extend({"kind": "item", **i.to_dict()} for i in ITEMS)
    lines.extend({"kind": "bundle", **b.to_dict()} for b in BUNDLES)
    return lines


def main(argv: list[str] | None = None) -> None:
    """Write the catalog; ``--out PATH`` writes elsewhere (the tests compare the output)."""
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[args.index("--out") + 1]) if "--out" in args else OUT
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for record in records():
            fh.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{out}: {len(ITEMS)} items, {len(BUNDLES)} bundles")


if __name__ == "__main__":
    main()
