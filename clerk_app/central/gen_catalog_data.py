"""The place names, departments, materials and bundles the synthetic catalog is made from
(gen_catalog.py): Enshi prefecture's counties, towns and villages, and what each kind of
department implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from clerk_app.domain.catalog import MaterialForm

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

_ACTIONS_LICENCE = ("核发", "变更", "延续", "注销", "补办")
_ACTIONS_CONFIRM = ("确认", "登记", "备案", "证明开具")
_ACTIONS_SERVICE = ("办理", "申领", "查询", "变更")


@dataclass(frozen=True)
class DepartmentKind:
    """A kind of implementing department: what its items are about and how they are named
    (each object × each action, after the fixed names)."""

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
ID_DOCUMENT = ("申请人身份证件", MaterialForm.ORIGINAL_CHECKED, "申请人自备")
# The hall's material directory for the synthetic catalog: one standard code per material name;
# application forms and identity documents are key (never 容缺).
MATERIAL_CODES: dict[str, str] = {
    name: f"CL{n:03d}" for n, (name, _form, _source) in enumerate([ID_DOCUMENT, *MATERIAL_POOL])
}
KEY_MATERIALS = frozenset(
    {"申请人身份证件", "申请书", "电子申请表", "法定代表人身份证明", "授权委托书及受托人身份证件"}
)


class BundlePlan(NamedTuple):
    """A bundle made wherever one region holds all its member items (by name)."""

    code: str
    name: str
    zone: str
    members: tuple[str, ...]
    optional: tuple[str, ...] = ()  # members the citizen may leave out
    produces: tuple[tuple[str, str], ...] = ()  # (member, material name) its result provides


BUNDLES: list[BundlePlan] = [
    BundlePlan(
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
        optional=("单位参保登记", "单位住房公积金缴存登记"),
        produces=(("企业设立登记", "营业执照"),),
    ),
    BundlePlan(
        "ESFZY",
        "二手房转移登记一件事",
        "ESTATE",
        ("存量房交易合同网签备案", "国有建设用地使用权及房屋所有权转移登记", "二手房交易税费申报"),
    ),
    BundlePlan(
        "CSYJS",
        "新生儿出生一件事",
        "SOCIAL",
        ("出生医学证明办理", "出生登记（户口登记）", "城乡居民医保参保登记"),
        optional=("城乡居民医保参保登记",),
        produces=(("出生医学证明办理", "出生医学证明"),),
    ),
]
LEVEL_SHARES = [("prefecture", 0.04), ("county", 0.26), ("township", 0.25), ("village", 0.45)]
