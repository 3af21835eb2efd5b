"""Word lists for the demo data: names, company words, titles, follow-up texts.

Written by hand (no Faker, no downloads) so the generator stays deterministic and
small. Pinyin is kept beside each Chinese word to build plausible e-mail addresses.
"""

from __future__ import annotations

PASSWORD = "Pelago-2026"
COMPANY_NAME = "沃行科技"
STAFF_EMAIL_DOMAIN = "woxing.example.com"
# Every generated e-mail lives under example.com (RFC 2606) so a demo database
# wired to a real SMTP server can never mail a stranger.
CUSTOMER_EMAIL_DOMAIN = "example.com"

# (code, English label, Chinese label) per dictionary kind, in display order.
DICTIONARY: dict[str, list[tuple[str, str, str]]] = {
    "customer_source": [
        ("web", "Website", "官网"),
        ("referral", "Referral", "转介绍"),
        ("expo", "Trade show", "展会"),
        ("cold_call", "Cold call", "电话营销"),
        ("ads", "Advertising", "广告"),
        ("partner", "Partner", "合作伙伴"),
    ],
    "industry": [
        ("it", "Information technology", "信息技术"),
        ("manufacturing", "Manufacturing", "制造业"),
        ("logistics", "Logistics", "物流"),
        ("retail", "Retail", "零售"),
        ("finance", "Finance", "金融"),
        ("healthcare", "Healthcare", "医疗"),
        ("education", "Education", "教育"),
        ("construction", "Construction", "建筑"),
    ],
    "customer_level": [
        ("A", "A (key account)", "A (重点客户)"),
        ("B", "B (important)", "B (重要客户)"),
        ("C", "C (regular)", "C (普通客户)"),
        ("D", "D (low priority)", "D (一般客户)"),
    ],
    "followup_type": [
        ("call", "Phone call", "电话"),
        ("visit", "Visit", "拜访"),
        ("wechat", "WeChat", "微信"),
        ("email", "Email", "邮件"),
        ("meeting", "Meeting", "会议"),
        ("sms", "SMS", "短信"),
        ("note", "Note", "备注"),
    ],
}

SOURCE_WEIGHTS = {"web": 25, "referral": 20, "expo": 15, "cold_call": 20, "ads": 10,
                  "partner": 10}
INDUSTRY_WEIGHTS = {"it": 18, "manufacturing": 20, "logistics": 10, "retail": 14,
                    "finance": 8, "healthcare": 10, "education": 8, "construction": 12}
FOLLOWUP_TYPE_WEIGHTS = {"call": 32, "wechat": 24, "visit": 10, "email": 9,
                         "meeting": 6, "sms": 6, "note": 13}
# Better customers are the ones further down the funnel.
LEVEL_WEIGHTS = {
    "potential": (5, 20, 40, 35),
    "intention": (15, 35, 35, 15),
    "cooperating": (35, 40, 20, 5),
    "dormant": (5, 20, 40, 35),
}

# (name, provinces the branch mostly sells into)
BRANCHES: list[tuple[str, list[str]]] = [
    ("上海分公司", ["上海市", "江苏省", "浙江省", "安徽省"]),
    ("北京分公司", ["北京市", "天津市", "河北省", "山东省", "辽宁省"]),
    ("广州分公司", ["广东省", "福建省", "湖南省"]),
    ("深圳分公司", ["广东省", "福建省"]),
    ("杭州分公司", ["浙江省", "江苏省", "福建省"]),
    ("成都分公司", ["四川省", "重庆市", "陕西省", "湖北省"]),
    ("武汉分公司", ["湖北省", "湖南省", "河南省"]),
    ("西安分公司", ["陕西省", "河南省", "四川省"]),
]
# Large cities get more customers.
BIG_CITIES = {"上海市", "北京市", "广州市", "深圳市", "杭州市", "苏州市", "成都市",
              "武汉市", "南京市"}

# Landline area codes of the cities in services.regions.REGIONS.
AREA_CODES = {
    "北京市": "010", "上海市": "021", "天津市": "022", "重庆市": "023",
    "广州市": "020", "深圳市": "0755", "东莞市": "0769", "佛山市": "0757",
    "珠海市": "0756", "南京市": "025", "苏州市": "0512", "无锡市": "0510",
    "常州市": "0519", "杭州市": "0571", "宁波市": "0574", "温州市": "0577",
    "嘉兴市": "0573", "济南市": "0531", "青岛市": "0532", "烟台市": "0535",
    "福州市": "0591", "厦门市": "0592", "泉州市": "0595", "成都市": "028",
    "绵阳市": "0816", "武汉市": "027", "宜昌市": "0717", "襄阳市": "0710",
    "长沙市": "0731", "株洲市": "0731", "郑州市": "0371", "洛阳市": "0379",
    "石家庄市": "0311", "唐山市": "0315", "合肥市": "0551", "芜湖市": "0553",
    "西安市": "029", "咸阳市": "029", "沈阳市": "024", "大连市": "0411",
}
MOBILE_PREFIXES = ("130", "131", "132", "133", "134", "135", "136", "137", "138",
                   "139", "150", "151", "152", "153", "155", "156", "157", "158",
                   "159", "180", "181", "182", "183", "185", "186", "187", "188",
                   "189")

# Most frequent surnames first; weights fall off roughly like real frequencies.
SURNAMES: list[tuple[str, str]] = [
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"),
    ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"),
    ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"),
    ("郭", "guo"), ("何", "he"), ("林", "lin"), ("高", "gao"), ("罗", "luo"),
    ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"), ("唐", "tang"),
    ("许", "xu"), ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"),
    ("彭", "peng"), ("曾", "zeng"), ("肖", "xiao"), ("田", "tian"), ("董", "dong"),
    ("袁", "yuan"), ("潘", "pan"), ("于", "yu"), ("蒋", "jiang"), ("蔡", "cai"),
]
GIVEN_NAMES: list[tuple[str, str]] = [
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("秀英", "xiuying"), ("敏", "min"),
    ("静", "jing"), ("丽", "li"), ("强", "qiang"), ("磊", "lei"), ("军", "jun"),
    ("洋", "yang"), ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("娟", "juan"),
    ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("秀兰", "xiulan"), ("霞", "xia"),
    ("平", "ping"), ("刚", "gang"), ("桂英", "guiying"), ("建华", "jianhua"),
    ("文", "wen"), ("华", "hua"), ("红", "hong"), ("建国", "jianguo"),
    ("玉兰", "yulan"), ("俊", "jun"), ("鹏", "peng"), ("飞", "fei"), ("宇", "yu"),
    ("浩", "hao"), ("婷", "ting"), ("雪", "xue"), ("琳", "lin"), ("欣", "xin"),
    ("晨", "chen"), ("博", "bo"), ("子涵", "zihan"), ("梓萱", "zixuan"),
    ("浩然", "haoran"), ("思远", "siyuan"), ("一鸣", "yiming"), ("雨桐", "yutong"),
    ("嘉怡", "jiayi"), ("志强", "zhiqiang"), ("海燕", "haiyan"), ("晓东", "xiaodong"),
    ("晓燕", "xiaoyan"), ("春梅", "chunmei"), ("建军", "jianjun"), ("国庆", "guoqing"),
    ("丹", "dan"), ("颖", "ying"), ("倩", "qian"), ("凯", "kai"), ("斌", "bin"),
    ("辉", "hui"), ("佳琪", "jiaqi"), ("子豪", "zihao"), ("振华", "zhenhua"),
    ("丽娟", "lijuan"), ("文静", "wenjing"), ("志明", "zhiming"),
]

# Two of these make a company's brand word (华信, 恒达…).
BRAND_CHARS: list[tuple[str, str]] = [
    ("华", "hua"), ("中", "zhong"), ("金", "jin"), ("宏", "hong"), ("新", "xin"),
    ("盛", "sheng"), ("恒", "heng"), ("正", "zheng"), ("天", "tian"), ("泰", "tai"),
    ("东", "dong"), ("瑞", "rui"), ("鑫", "xin"), ("博", "bo"), ("远", "yuan"),
    ("德", "de"), ("兴", "xing"), ("嘉", "jia"), ("汇", "hui"), ("立", "li"),
    ("联", "lian"), ("科", "ke"), ("海", "hai"), ("创", "chuang"), ("志", "zhi"),
    ("永", "yong"), ("安", "an"), ("鼎", "ding"), ("隆", "long"), ("凯", "kai"),
    ("锦", "jin"), ("宇", "yu"), ("星", "xing"), ("光", "guang"), ("明", "ming"),
    ("和", "he"), ("诚", "cheng"), ("信", "xin"), ("达", "da"), ("晨", "chen"),
    ("佳", "jia"), ("卓", "zhuo"), ("优", "you"), ("睿", "rui"), ("同", "tong"),
    ("合", "he"), ("启", "qi"), ("云", "yun"), ("智", "zhi"), ("飞", "fei"),
    ("长", "chang"), ("世", "shi"), ("百", "bai"), ("万", "wan"), ("亿", "yi"),
    ("富", "fu"), ("力", "li"), ("美", "mei"), ("捷", "jie"), ("众", "zhong"),
]
# What a company in each industry calls itself, and its e-mail domain word.
INDUSTRY_WORDS: dict[str, list[str]] = {
    "it": ["信息技术", "软件", "网络科技", "数据科技", "智能科技", "电子科技"],
    "manufacturing": ["机械制造", "精密机械", "新材料", "电气设备", "汽车配件",
                      "五金制品"],
    "logistics": ["物流", "供应链管理", "国际货运", "仓储服务", "快运"],
    "retail": ["商贸", "百货", "连锁超市", "电子商务", "贸易"],
    "finance": ["投资管理", "融资租赁", "保险代理", "资产管理"],
    "healthcare": ["医疗器械", "生物科技", "医药", "健康管理"],
    "education": ["教育科技", "教育咨询", "文化传播", "职业培训"],
    "construction": ["建筑工程", "装饰工程", "建材", "工程设计", "市政工程"],
}
INDUSTRY_DOMAIN = {"it": "tech", "manufacturing": "mfg", "logistics": "logistics",
                   "retail": "trade", "finance": "capital", "healthcare": "med",
                   "education": "edu", "construction": "build"}
COMPANY_SUFFIXES = ("有限公司",) * 12 + ("股份有限公司",) * 3 + ("集团有限公司",)
COMPANY_MAILBOXES = ("info", "sales", "contact", "service", "office", "purchase")

ROADS = ("人民", "中山", "解放", "建设", "长江", "黄河", "科技", "创业", "新华", "和平",
         "东风", "朝阳", "滨江", "学府", "迎宾", "工业", "友谊", "文化", "青年", "光明")
BUILDINGS = ("国际大厦", "科技园", "商务中心", "金融中心", "创业园", "产业园", "广场")

# (title, how a colleague addresses the person after the surname; "" = full name)
TITLES: list[tuple[str, str]] = [
    ("总经理", "总"), ("副总经理", "总"), ("董事长", "董"), ("采购经理", "经理"),
    ("采购专员", ""), ("技术总监", "总"), ("IT经理", "经理"), ("财务总监", "总"),
    ("行政主管", "主管"), ("运营经理", "经理"), ("销售总监", "总"),
    ("项目经理", "经理"), ("信息部主管", "主管"), ("总经理助理", ""),
]
# Primary contacts are usually the decision makers.
PRIMARY_TITLE_WEIGHTS = (30, 10, 8, 20, 2, 10, 6, 4, 2, 3, 2, 2, 1, 0)
OTHER_TITLE_WEIGHTS = (3, 6, 1, 12, 12, 10, 10, 8, 8, 8, 6, 10, 6, 6)

TAGS = ("重点跟进", "老客户转介绍", "价格敏感", "决策链长", "有竞品在用", "年度预算",
        "需要上门", "国企", "上市公司", "外资企业")
REMARKS = ("客户希望下季度再启动项目。", "对数据安全要求较高，需要私有化部署方案。",
           "总部在外地，本地为分支机构。", "老板直接拍板，决策快。",
           "需要本地化的实施和售后团队。", "去年用过竞品，体验一般。")

PRODUCTS = ("销售管理系统", "数据分析平台", "客户服务系统", "企业云盘", "移动办公套件",
            "ERP对接服务", "定制开发服务", "年度运维服务")
AMOUNTS = ("3.5", "5", "8", "12", "18", "26", "35", "48", "60", "85", "120")

# {who} = the contact as a colleague would say it (王总, 李经理…) or 对方.
FOLLOWUP_TEMPLATES: dict[str, tuple[str, ...]] = {
    "call": (
        "电话联系{who}，介绍了{product}的主要功能，对方表示有兴趣，约好下周再沟通。",
        "{who}来电咨询{product}的价格和实施周期，已口头报价{amount}万元。",
        "电话回访{who}，对方预算还在审批中，预计{days}天内有结果。",
        "与{who}电话确认试用账号的使用情况，整体满意，提出了报表导出的需求。",
        "电话未接通，稍后再联系{who}。",
        "和{who}沟通合同条款，对方法务对付款方式有疑问，需要我方财务配合解释。",
        "电话跟进上次报价，{who}表示还在和另外两家供应商比较。",
    ),
    "visit": (
        "上门拜访{who}，现场演示{product}，对方参会{people}人，技术部门提了不少问题。",
        "到客户公司拜访{who}，了解现有系统的使用情况和痛点，整理了需求清单。",
        "陪同技术同事拜访{who}，完成现场调研，下一步出具实施方案。",
        "拜访{who}，递交正式报价单（{amount}万元），对方承诺本月内答复。",
        "节前拜访{who}，了解明年的采购计划和预算安排。",
    ),
    "wechat": (
        "微信发送{product}产品介绍和客户案例给{who}。",
        "{who}微信询问发票和付款流程，已转财务同事对接。",
        "通过微信与{who}确认下次会议时间。",
        "微信回复{who}关于数据迁移的问题，附上了操作文档。",
        "{who}在微信上反馈系统使用中的小问题，已提交技术支持处理。",
    ),
    "email": (
        "邮件发送{product}正式报价单及服务条款给{who}，金额{amount}万元。",
        "发送项目实施计划邮件给{who}，抄送对方IT负责人。",
        "邮件回复{who}关于安全合规的问卷。",
        "给{who}发送合同草稿，请对方法务审阅。",
    ),
    "meeting": (
        "与{who}及其团队召开需求评审会，确认一期范围和上线时间。",
        "线上会议演示{product}新版本功能，{who}希望增加移动端审批。",
        "参加客户季度业务回顾会，汇报系统使用数据，续约意向良好。",
        "组织双方项目启动会，明确了对接人和里程碑。",
    ),
    "sms": (
        "短信提醒{who}明天上午的会面安排。",
        "电话未接通，发短信给{who}说明来意并留下联系方式。",
        "短信通知{who}合同已寄出，请注意查收。",
        "节日短信问候{who}。",
    ),
    "note": (
        "客户近期在做组织调整，采购决策可能推迟，保持关注。",
        "据了解竞争对手已给出更低报价，需要准备差异化方案。",
        "客户比较看重售后响应速度，报价时突出服务承诺。",
        "{who}即将休假{days}天，之后再跟进。",
        "客户预算已批复，准备推进{product}合同签署。",
    ),
}

ZH_DIGITS = "零一二三四五六七八九"


def zh_number(number: int) -> str:
    """1 → 一, 12 → 十二, 60 → 六十 (team names 销售一组…); 100 and up stay digits."""
    if number >= 100:
        return str(number)
    if number < 10:
        return ZH_DIGITS[number]
    tens, ones = divmod(number, 10)
    prefix = "" if tens == 1 else ZH_DIGITS[tens]
    return f"{prefix}十{ZH_DIGITS[ones] if ones else ''}"

# --- Products, deals and approvals (services/demo_data/products.py, deals.py) ---

# (name, [(leaf category name, key)]) — a two-level tree; products sit in leaves.
PRODUCT_CATEGORY_TREE: list[tuple[str, list[tuple[str, str]]]] = [
    ("软件产品", [("软件许可", "licence"), ("云服务订阅", "cloud")]),
    ("专业服务", [("实施服务", "implementation"), ("培训服务", "training"),
                  ("运维服务", "maintenance")]),
    ("硬件设备", [("服务器与网络", "server"), ("终端设备", "terminal")]),
]
EDITIONS = ["标准版", "专业版", "旗舰版"]
# Attribute definitions per leaf: (name, type, options, required).
PRODUCT_ATTRIBUTES: dict[str, list[tuple[str, str, list[str], bool]]] = {
    "licence": [("版本", "single", EDITIONS, True), ("用户数", "number", [], False),
                ("部署方式", "single", ["私有化部署", "公有云"], False)],
    "cloud": [("版本", "single", EDITIONS, True), ("用户数", "number", [], False),
              ("订阅周期", "single", ["按年", "按月"], True)],
    "implementation": [("服务方式", "single", ["现场", "远程", "现场+远程"], True),
                       ("预计人天", "number", [], False)],
    "training": [("培训方式", "multi", ["线上直播", "现场培训", "认证考试"], True),
                 ("课时", "number", [], False)],
    "maintenance": [("服务级别", "single", ["标准", "高级", "7×24"], True),
                    ("响应时间（小时）", "number", [], False)],
    "server": [("品牌", "text", [], False), ("质保年限", "number", [], False)],
    "terminal": [("品牌", "text", [], False), ("质保年限", "number", [], False)],
}
# (code, name, leaf key, unit, price in CNY, on sale, {attribute: value}, topic):
# `topic` names the deal in opportunity and contract titles (华信电子 + topic).
CATALOG: list[tuple[str, str, str, str, str, bool, dict, str]] = [
    ("SW-CRM-STD", "销售管理系统 标准版", "licence", "license", "1200", True,
     {"版本": "标准版", "部署方式": "公有云"}, "销售管理系统"),
    ("SW-CRM-PRO", "销售管理系统 专业版", "licence", "license", "2000", True,
     {"版本": "专业版", "部署方式": "私有化部署"}, "销售管理系统"),
    ("SW-CRM-ENT", "销售管理系统 旗舰版", "licence", "license", "3200", True,
     {"版本": "旗舰版", "部署方式": "私有化部署"}, "销售管理系统"),
    ("SW-CRM-V3", "销售管理系统 V3（停售）", "licence", "license", "980", False,
     {"版本": "标准版"}, "销售管理系统"),
    ("SW-BI-STD", "数据分析平台 标准版", "licence", "license", "1500", True,
     {"版本": "标准版"}, "数据分析平台"),
    ("SW-BI-PRO", "数据分析平台 专业版", "licence", "license", "2600", True,
     {"版本": "专业版", "部署方式": "私有化部署"}, "数据分析平台"),
    ("SW-CS-STD", "客户服务系统 标准版", "licence", "license", "900", True,
     {"版本": "标准版"}, "客户服务系统"),
    ("SW-CS-PRO", "客户服务系统 专业版", "licence", "license", "1600", True,
     {"版本": "专业版"}, "客户服务系统"),
    ("SW-OA-STD", "移动办公套件", "licence", "license", "600", True,
     {"版本": "标准版", "部署方式": "公有云"}, "移动办公平台"),
    ("SW-DOC-PRV", "企业云盘 私有化版", "licence", "set", "58000", True,
     {"版本": "旗舰版", "用户数": 500, "部署方式": "私有化部署"}, "企业云盘"),
    ("CS-CRM-50", "销售云 50用户年度订阅", "cloud", "year", "36000", True,
     {"版本": "专业版", "用户数": 50, "订阅周期": "按年"}, "销售云订阅"),
    ("CS-CRM-100", "销售云 100用户年度订阅", "cloud", "year", "64000", True,
     {"版本": "专业版", "用户数": 100, "订阅周期": "按年"}, "销售云订阅"),
    ("CS-BI-YR", "数据分析云 年度订阅", "cloud", "year", "28000", True,
     {"版本": "标准版", "用户数": 30, "订阅周期": "按年"}, "数据分析云订阅"),
    ("CS-CS-YR", "客服云 年度订阅", "cloud", "year", "24000", True,
     {"版本": "标准版", "用户数": 20, "订阅周期": "按年"}, "客服云订阅"),
    ("CS-DOC-1T", "企业云盘 1TB 年度订阅", "cloud", "year", "9800", True,
     {"版本": "标准版", "订阅周期": "按年"}, "企业云盘订阅"),
    ("CS-SMS-10W", "短信服务包（10万条）", "cloud", "piece", "4500", True,
     {"版本": "标准版", "订阅周期": "按年"}, "短信服务"),
    ("SV-IMP-PKG", "标准实施服务包", "implementation", "set", "30000", True,
     {"服务方式": "现场+远程", "预计人天": 20}, "系统实施"),
    ("SV-IMP-HR", "实施顾问服务", "implementation", "hour", "250", True,
     {"服务方式": "现场"}, "系统实施"),
    ("SV-DEV-HR", "定制开发服务", "implementation", "hour", "400", True,
     {"服务方式": "远程"}, "定制开发"),
    ("SV-ERP", "ERP对接服务", "implementation", "set", "45000", True,
     {"服务方式": "现场+远程", "预计人天": 30}, "ERP对接"),
    ("SV-MIG", "数据迁移服务", "implementation", "set", "15000", True,
     {"服务方式": "远程", "预计人天": 8}, "数据迁移"),
    ("SV-ONSITE", "驻场实施（停售）", "implementation", "hour", "300", False,
     {"服务方式": "现场"}, "系统实施"),
    ("TR-ADMIN", "系统管理员培训", "training", "hour", "800", True,
     {"培训方式": ["现场培训"], "课时": 16}, "培训"),
    ("TR-USER", "最终用户培训", "training", "hour", "500", True,
     {"培训方式": ["线上直播", "现场培训"], "课时": 8}, "培训"),
    ("TR-CERT", "认证顾问培训（每人）", "training", "piece", "6800", True,
     {"培训方式": ["现场培训", "认证考试"], "课时": 40}, "认证培训"),
    ("TR-ONLINE", "线上培训课程包", "training", "set", "3000", True,
     {"培训方式": ["线上直播"], "课时": 12}, "培训"),
    ("MT-STD", "年度运维服务 标准", "maintenance", "year", "18000", True,
     {"服务级别": "标准", "响应时间（小时）": 8}, "年度运维"),
    ("MT-PRO", "年度运维服务 高级", "maintenance", "year", "36000", True,
     {"服务级别": "高级", "响应时间（小时）": 4}, "年度运维"),
    ("MT-724", "7×24 运维保障", "maintenance", "year", "68000", True,
     {"服务级别": "7×24", "响应时间（小时）": 1}, "运维保障"),
    ("MT-UPG", "版本升级服务", "maintenance", "piece", "8000", True,
     {"服务级别": "标准"}, "版本升级"),
    ("MT-CALL", "远程技术支持（按次，停售）", "maintenance", "piece", "500", False,
     {"服务级别": "标准", "响应时间（小时）": 24}, "技术支持"),
    ("HW-SRV-2U", "机架式服务器 2U", "server", "piece", "42000", True,
     {"品牌": "浪潮", "质保年限": 3}, "服务器采购"),
    ("HW-SRV-4U", "高性能服务器 4U", "server", "piece", "88000", True,
     {"品牌": "华为", "质保年限": 3}, "服务器采购"),
    ("HW-NAS", "网络存储 NAS", "server", "piece", "16000", True,
     {"品牌": "群晖", "质保年限": 2}, "存储设备"),
    ("HW-FW", "下一代防火墙", "server", "piece", "23000", True,
     {"品牌": "深信服", "质保年限": 3}, "网络安全"),
    ("HW-SWITCH", "千兆交换机", "server", "piece", "3600", True,
     {"品牌": "华三", "质保年限": 3}, "网络设备"),
    ("HW-PAD", "移动销售平板", "terminal", "piece", "3200", True,
     {"品牌": "华为", "质保年限": 1}, "移动终端"),
    ("HW-PAD-OLD", "移动销售平板（上一代，停售）", "terminal", "piece", "2600", False,
     {"品牌": "华为", "质保年限": 1}, "移动终端"),
    ("HW-SCAN", "扫码枪", "terminal", "piece", "680", True,
     {"品牌": "霍尼韦尔", "质保年限": 1}, "扫码设备"),
    ("HW-PRINT", "票据打印机", "terminal", "piece", "1500", True,
     {"品牌": "爱普生", "质保年限": 1}, "打印设备"),
    ("HW-POS", "智能POS终端", "terminal", "piece", "2800", True,
     {"品牌": "商米", "质保年限": 1}, "收银终端"),
]
PRODUCT_DESCRIPTIONS = {
    "licence": "永久授权，按用户数计价，含首年升级。",
    "cloud": "SaaS 订阅，按年计费，到期续订。",
    "implementation": "由认证顾问交付，含需求调研、配置和上线支持。",
    "training": "提供培训讲义和练习环境。",
    "maintenance": "包含远程支持、补丁升级和定期巡检。",
    "server": "含上架安装和基础配置。",
    "terminal": "含出厂预装和一年保修。",
}

WIN_REASONS = ("方案贴合业务需求，客户认可实施能力。", "价格有竞争力，决策人支持。",
               "老客户转介绍，信任度高。", "试用效果好，用户反馈积极。",
               "本地化服务团队是关键优势。", "竞品无法满足私有化部署要求。")
LOSS_REASONS = ("客户预算不足，项目取消。", "客户选择了竞争对手，价格更低。",
                "需求变化，项目暂缓。", "决策人更换，新负责人倾向原有系统。",
                "我方方案无法满足定制要求。", "长期无回应，判断为无效商机。")
OPPORTUNITY_REMARKS = ("客户希望分期付款。", "需要先做两周试用。",
                       "关注数据安全与合规。", "同时在评估两家竞品。",
                       "决策链：信息部→财务→总经理。")
APPROVE_COMMENTS = ("同意。", "同意，注意回款节点。", "同意，按合同条款执行。",
                    "已核对价格和折扣，同意。", "同意，尽快安排实施。")
CONTRACT_REJECT_REASONS = ("折扣超出权限，请重新报价。",
                           "付款条件需调整，首付比例过低。",
                           "合同金额与报价单不一致，请核对。", "缺少客户盖章页扫描件。",
                           "交付周期过短，请与实施部门确认后再提交。")
PAYMENT_REJECT_REASONS = ("金额与银行流水不符，请核对。", "付款单位与合同客户不一致。",
                          "未附银行回单，请补充后再提交。")
VOID_REASONS = ("客户要求变更签约主体，作废重签。", "合同金额填写错误，作废重签。",
                "产品配置变更，作废后按新方案重签。")
PAYMENT_METHOD_WEIGHTS = {"bank_transfer": 72, "acceptance_bill": 10,
                          "wechat_pay": 5, "alipay": 5, "cheque": 5, "cash": 3}
# Installment plans: (weight, ((percent of the amount, remark), ...)).
INSTALLMENT_PLANS = (
    (25, ((100, "全款"),)),
    (35, ((50, "首付款"), (50, "验收款"))),
    (10, ((70, "首付款"), (30, "尾款"))),
    (22, ((30, "首付款"), (60, "验收款"), (10, "质保金"))),
    (8, ((25, "第一期"), (25, "第二期"), (25, "第三期"), (25, "第四期"))),
)
# Deal names: customer + product topic + what kind of deal it is.
DEAL_SUFFIXES = {"new": "采购项目", "renewal": "续约", "expansion": "扩容项目"}
CONTRACT_SUFFIXES = {"new": "采购合同", "renewal": "续约合同", "expansion": "扩容合同"}
