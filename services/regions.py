"""Provinces and their main cities (stored in Chinese; English names for display)."""

from __future__ import annotations

from services.msgid import N_

# province: (English name, {city: English name})
REGIONS: dict[str, tuple[str, dict[str, str]]] = {
    "北京市": ("Beijing", {"北京市": "Beijing"}),
    "上海市": ("Shanghai", {"上海市": "Shanghai"}),
    "天津市": ("Tianjin", {"天津市": "Tianjin"}),
    "重庆市": ("Chongqing", {"重庆市": "Chongqing"}),
    "广东省": (
        "Guangdong",
        {
            "广州市": "Guangzhou",
            "深圳市": "Shenzhen",
            "东莞市": "Dongguan",
            "佛山市": "Foshan",
            "珠海市": "Zhuhai",
        },
    ),
    "江苏省": (
        "Jiangsu",
        {
            "南京市": "Nanjing",
            "苏州市": "Suzhou",
            "无锡市": "Wuxi",
            "常州市": "Changzhou",
        },
    ),
    "浙江省": (
        "Zhejiang",
        {
            "杭州市": "Hangzhou",
            "宁波市": "Ningbo",
            "温州市": "Wenzhou",
            "嘉兴市": "Jiaxing",
        },
    ),
    "山东省": (
        "Shandong",
        {"济南市": "Jinan", "青岛市": "Qingdao", "烟台市": "Yantai"},
    ),
    "福建省": (
        "Fujian",
        {"福州市": "Fuzhou", "厦门市": "Xiamen", "泉州市": "Quanzhou"},
    ),
    "四川省": ("Sichuan", {"成都市": "Chengdu", "绵阳市": "Mianyang"}),
    "湖北省": (
        "Hubei",
        {"武汉市": "Wuhan", "宜昌市": "Yichang", "襄阳市": "Xiangyang"},
    ),
    "湖南省": ("Hunan", {"长沙市": "Changsha", "株洲市": "Zhuzhou"}),
    "河南省": ("Henan", {"郑州市": "Zhengzhou", "洛阳市": "Luoyang"}),
    "河北省": ("Hebei", {"石家庄市": "Shijiazhuang", "唐山市": "Tangshan"}),
    "安徽省": ("Anhui", {"合肥市": "Hefei", "芜湖市": "Wuhu"}),
    "陕西省": ("Shaanxi", {"西安市": "Xi'an", "咸阳市": "Xianyang"}),
    "辽宁省": ("Liaoning", {"沈阳市": "Shenyang", "大连市": "Dalian"}),
}


def province_options(language: str) -> list[dict[str, str]]:
    return [
        {"label": name if language == "zh_CN" else english, "value": name}
        for name, (english, _) in REGIONS.items()
    ]


def city_options(province: str | None, language: str) -> list[dict[str, str]]:
    cities = REGIONS.get(province or "", ("", {}))[1]
    return [
        {"label": name if language == "zh_CN" else english, "value": name}
        for name, english in cities.items()
    ]


def region_problem(province: str | None, city: str | None) -> dict[str, str]:
    """Field errors for a province/city pair (a city needs its province)."""
    if province and province not in REGIONS:
        return {"province": N_("Choose a province from the list.")}
    if city and (not province or city not in REGIONS[province][1]):
        return {"city": N_("Choose a city of the selected province.")}
    return {}


def region_label(province: str | None, city: str | None, language: str) -> str:
    if not province:
        return ""
    english, cities = REGIONS.get(province, (province, {}))
    if language == "zh_CN":
        return province if not city or city == province else f"{province} {city}"
    city_en = cities.get(city or "", city or "")
    return english if not city_en or city_en == english else f"{city_en}, {english}"
