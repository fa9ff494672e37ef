"""Names the catalogue shows in English and Japanese whatever the source file says:
Taipei Metro's station names, and the open data's categories.

The import applies them to every station and category it creates or finds with a blank
translation (attractions/services.py), and migration 0010 applied them to the rows that
existed before, so the real open-data file gets them as well as the demo catalogue. Staff
may change a translation in the admin; the import never overwrites one that is set.
"""

# 繁體中文 as the open data writes it (after clean_label) → (English, 日本語).
# English: Taipei Metro's official station names. Japanese: the station names in
# Japanese script (新字体) as Taipei Metro's Japanese guides and Japanese references
# write them; where Japanese keeps the traditional character (圓山), so does this.
STATION_NAMES: dict[str, tuple[str, str]] = {
    "中山": ("Zhongshan", "中山"),
    "中正紀念堂": ("Chiang Kai-Shek Memorial Hall", "中正紀念堂"),
    "公館": ("Gongguan", "公館"),
    "動物園": ("Taipei Zoo", "動物園"),
    "北投": ("Beitou", "北投"),
    "劍潭": ("Jiantan", "剣潭"),
    "唭哩岸": ("Qilian", "唭哩岸"),
    "國父紀念館": ("Sun Yat-Sen Memorial Hall", "国父紀念館"),
    "圓山": ("Yuanshan", "圓山"),
    "士林": ("Shilin", "士林"),
    "大安森林公園": ("Daan Park", "大安森林公園"),
    "大湖公園": ("Dahu Park", "大湖公園"),
    "大直": ("Dazhi", "大直"),
    "市政府": ("Taipei City Hall", "市政府"),
    "忠孝新生": ("Zhongxiao Xinsheng", "忠孝新生"),
    "忠義": ("Zhongyi", "忠義"),
    "文德": ("Wende", "文徳"),
    "新北投": ("Xinbeitou", "新北投"),
    "木柵": ("Muzha", "木柵"),
    "松山": ("Songshan", "松山"),
    "松江南京": ("Songjiang Nanjing", "松江南京"),
    "石牌": ("Shipai", "石牌"),
    "臺大醫院": ("NTU Hospital", "台大医院"),
    "台北101／世貿": ("Taipei 101/World Trade Center", "台北101/世貿"),
    "芝山": ("Zhishan", "芝山"),
    "葫洲": ("Huzhou", "葫洲"),
    "行天宮": ("Xingtian Temple", "行天宮"),
    "西門": ("Ximen", "西門"),
    "象山": ("Xiangshan", "象山"),
    "雙連": ("Shuanglian", "双連"),
    "關渡": ("Guandu", "関渡"),
    "龍山寺": ("Longshan Temple", "龍山寺"),
}

# The open data's categories (CAT), in our own words.
CATEGORY_NAMES: dict[str, tuple[str, str]] = {
    "其他": ("Other", "その他"),
    "單車遊蹤": ("Cycling", "サイクリング"),
    "宗教信仰": ("Temples & Churches", "寺社・宗教施設"),
    "戶外踏青": ("Outdoors", "アウトドア"),
    "歷史建築": ("Historic Buildings", "歴史的建造物"),
    "親子共遊": ("Family Fun", "親子で楽しむ"),
    "藍色公路": ("River Cruises", "リバークルーズ"),
    "藝文館所": ("Museums & Arts", "博物館・美術館"),
    "養生溫泉": ("Hot Springs", "温泉"),
}


def fill_names(queryset, names: dict[str, tuple[str, str]]) -> list:
    """Give each row of `queryset` (stations or categories) named in `names` the
    English and Japanese it lacks, in one statement (bulk_update: no signals, the
    caller marks what shows them); answers the rows changed."""
    changed = []
    for row in queryset.filter(name__in=list(names)):
        english, japanese = names[row.name]
        if not (row.name_en and row.name_ja):
            row.name_en, row.name_ja = row.name_en or english, row.name_ja or japanese
            changed.append(row)
    queryset.model.objects.bulk_update(changed, ["name_en", "name_ja"])
    return changed
