"""Word lists the name normaliser uses: legal forms, abbreviations, common business words, numbers.

Everything here is general company-naming knowledge (English, European and Chinese usage), not a
list of watch-list names. Place names live in :mod:`screening.matching.places`, Chinese terms in
:mod:`screening.matching.chinese`.

Legal forms map to a canonical code. Codes in :data:`GENERIC_LEGAL` ("co", "ltd", "inc", "corp",
...) say nothing about jurisdiction and never conflict; the others are specific ("ag", "gmbh",
"jsc", "llc", ...) and two names whose specific codes share no :data:`LEGAL_GROUPS` group are
treated as different legal persons (Deutsche Bank AG is not Deutsche Bank GmbH).
"""

from __future__ import annotations

from typing import Final

#: Multi-word legal forms (as normalised tokens) -> canonical code. Longest phrases first.
LEGAL_PHRASES: Final[dict[tuple[str, ...], str]] = {
    ("gufen", "youxian", "gongsi"): "ltd",
    ("youxian", "zeren", "gongsi"): "ltd",
    ("youxian", "gongsi"): "ltd",
    ("gufen", "gongsi"): "ltd",
    ("public", "limited", "company"): "plc",
    ("limited", "liability", "company"): "llc",
    ("limited", "liability", "partnership"): "llp",
    ("limited", "partnership"): "lp",
    ("joint", "stock", "company"): "jsc",
    ("open", "joint", "stock", "company"): "jsc",
    ("closed", "joint", "stock", "company"): "jsc",
    ("public", "joint", "stock", "company"): "jsc",
    ("private", "limited"): "ltd",
    ("pty", "ltd"): "ltd",
    ("sdn", "bhd"): "ltd",
    ("sp", "z", "oo"): "spzoo",
    ("sa", "de", "cv"): "sadecv",
    ("s", "de", "rl"): "srl",
    ("gesellschaft", "mit", "beschrankter", "haftung"): "gmbh",
    ("societe", "anonyme"): "sa",
    ("sociedad", "anonima"): "sa",
    ("societatea", "cu", "raspundere", "limitata"): "srl",
    ("societa", "a", "responsabilita", "limitata"): "srl",
    ("sociedad", "limitada"): "sl",
    ("kabushiki", "kaisha"): "kk",
    ("obshchestvo", "s", "ogranichennoy", "otvetstvennostyu"): "llc",
    ("aktsionernoe", "obshchestvo"): "jsc",
    ("naamloze", "vennootschap"): "nv",
    ("besloten", "vennootschap"): "bv",
    ("cong", "ty", "tnhh"): "ltd",
    ("cong", "ty", "co", "phan"): "jsc",
    ("cong", "ty"): "co",
    ("ltd", "sti"): "ltd",
    ("san", "ve", "tic"): "ltd",
}

#: Single-token legal forms -> canonical code.
LEGAL_TOKENS: Final[dict[str, str]] = {
    "co": "co",
    "company": "co",
    "cos": "co",
    "companies": "co",
    "gongsi": "co",
    "ltd": "ltd",
    "limited": "ltd",
    "ltda": "ltda",
    "inc": "inc",
    "incorporated": "inc",
    "corp": "corp",
    "corporation": "corp",
    "llc": "llc",
    "lc": "llc",
    "ooo": "llc",
    "plc": "plc",
    "pty": "ltd",
    "pte": "ltd",
    "pvt": "ltd",
    "bhd": "ltd",
    "berhad": "ltd",
    "sdn": "ltd",
    "tbk": "tbk",
    "pt": "pt",
    "gmbh": "gmbh",
    "mbh": "gmbh",
    "ag": "ag",
    "aktiengesellschaft": "ag",
    "aktiengeselschaft": "ag",
    "kg": "kg",
    "kgaa": "kg",
    "ohg": "ohg",
    "ug": "ug",
    "se": "se",
    "sa": "sa",
    "sas": "sas",
    "sarl": "sarl",
    "srl": "srl",
    "spa": "spa",
    "sl": "sl",
    "slu": "sl",
    "bv": "bv",
    "bvba": "bvba",
    "nv": "nv",
    "ab": "ab",
    "as": "as",
    "asa": "as",
    "aps": "aps",
    "oy": "oy",
    "oyj": "oy",
    "kk": "kk",
    "jsc": "jsc",
    "ojsc": "jsc",
    "cjsc": "jsc",
    "pjsc": "jsc",
    "oao": "jsc",
    "zao": "jsc",
    "pao": "jsc",
    "ao": "jsc",
    "ano": "ano",
    "lp": "lp",
    "llp": "llp",
    "tnhh": "ltd",
    "sti": "ltd",
    "gufen": "ltd",
    "youxian": "ltd",
}

#: Codes that carry no jurisdiction: they never conflict with another legal form.
GENERIC_LEGAL: Final[frozenset[str]] = frozenset({"co", "ltd", "inc", "corp", "plc", "pt", "tbk", "ltda"})

#: Specific codes that name the same kind of legal person (never a conflict between them).
LEGAL_GROUPS: Final[tuple[frozenset[str], ...]] = (
    frozenset({"jsc", "ag", "sa", "nv", "spa"}),
    frozenset({"llc", "gmbh", "srl", "sarl", "bv", "spzoo", "sl"}),
    frozenset({"lp", "llp", "kg"}),
)

#: Words dropped before comparison.
STOPWORDS: Final[frozenset[str]] = frozenset(
    {"the", "of", "and", "for", "in", "a", "an", "de", "del", "la", "le", "les", "el",
     "des", "du", "und", "et", "y", "do", "dos", "das", "its", "no", "nr"}
)  # fmt: skip

#: Abbreviations expanded before comparison (token -> full word).
ABBREVIATIONS: Final[dict[str, str]] = {
    "ind": "industry",
    "inds": "industry",
    "indus": "industry",
    "industries": "industry",
    "industrial": "industry",
    "industrials": "industry",
    "tech": "technology",
    "techn": "technology",
    "technologies": "technology",
    "technological": "technology",
    "intl": "international",
    "internat": "international",
    "grp": "group",
    "hldg": "holdings",
    "hldgs": "holdings",
    "holding": "holdings",
    "mfg": "manufacturing",
    "mfr": "manufacturing",
    "manufacture": "manufacturing",
    "manufacturer": "manufacturing",
    "manufacturers": "manufacturing",
    "mgmt": "management",
    "mgt": "management",
    "dev": "development",
    "devt": "development",
    "natl": "national",
    "assn": "association",
    "assoc": "association",
    "svc": "services",
    "svcs": "services",
    "service": "services",
    "sys": "systems",
    "system": "systems",
    "engg": "engineering",
    "eng": "engineering",
    "mach": "machinery",
    "prod": "products",
    "prods": "products",
    "product": "products",
    "pharm": "pharmaceutical",
    "pharma": "pharmaceutical",
    "pharmaceuticals": "pharmaceutical",
    "chem": "chemical",
    "chemicals": "chemical",
    "tex": "textile",
    "textiles": "textile",
    "garments": "garment",
    "materials": "material",
    "electronic": "electronics",
    "elec": "electric",
    "imp": "import",
    "exp": "export",
    "bros": "brothers",
    "intrl": "international",
    "trade": "trading",
    "traders": "trading",
    "foods": "food",
    # trade and customs data (bills of lading, import records) shorten words to fit a field
    "info": "information",
    "infor": "information",
    "inform": "information",
    "informations": "information",
    "electrical": "electric",
    "elect": "electric",
    "electr": "electric",
    "equip": "equipment",
    "eqpt": "equipment",
    "equipments": "equipment",
    "sci": "science",
    "scien": "science",
    "sciences": "science",
    "agri": "agricultural",
    "agric": "agricultural",
    "agriculture": "agricultural",
    "petrochem": "petrochemical",
    "matl": "material",
    "matls": "material",
    "mat": "material",
    "mats": "material",
    "entp": "enterprise",
    "ent": "enterprise",
    "enterprises": "enterprise",
    "med": "medical",
    "pkg": "packaging",
    "pv": "photovoltaic",
    # chemical symbols written for the element in company names (Hoshine Si Ind = Hoshine Silicon
    # Industry); symbols that are also pinyin syllables or name particles (Li, Ni, Ti, Al) are not
    "si": "silicon",
    "cu": "copper",
    "zn": "zinc",
    "mg": "magnesium",
    "mn": "manganese",
    "metals": "metal",
    "shoes": "shoe",
    "organisation": "organization",
    "organisations": "organization",
    "organizations": "organization",
    "labour": "labor",
    "centre": "center",
    "fibre": "fiber",
    "fibres": "fiber",
    "fibers": "fiber",
    "colour": "color",
    "banking": "bank",
    "banks": "bank",
    "jituan": "group",
    "konggu": "holdings",
}

#: Company suffixes that say little more than a legal form: they count, but hardly.
WEAK_SUFFIXES: Final[frozenset[str]] = frozenset({"group", "holdings", "com", "branch", "subsidiary"})

#: Common business words (after abbreviation expansion): they agree or differ at low weight.
BUSINESS_WORDS: Final[frozenset[str]] = frozenset(
    """
    industry trading technology international development import export manufacturing products
    material new energy garment apparel fashion clothing knitting knitwear weaving spinning dyeing
    printing yarn fiber textile finishing embroidery tekstil konfeksiyon cotton wool linen silk
    leather shoe footwear food foodstuff agricultural
    agriculture farm farming fishery fisheries seafood aquatic logistics transport transportation
    shipping warehousing storage supply chain services solutions systems electronics electric
    electrical machinery machine machines equipment metal steel iron nonferrous mining mineral
    minerals chemical pharmaceutical biotech biotechnology biological bio medical health
    healthcare plastic plastics rubber paper packaging glass ceramics furniture wood timber
    construction engineering building real estate property investment investments capital
    finance financial bank banking securities insurance management consulting enterprise
    enterprises commercial commerce business economic general national global worldwide universal
    united digital information network networks communication communications software computer
    optoelectronic optoelectronics photovoltaic solar power silicon semiconductor microelectronics
    auto automotive automobile parts components tools hardware home household accessories hair
    crafts toys gifts sports bags jewelry cosmetics beauty factory plant mill mills works workshop
    center firm association cooperative agency store stores mart partners associates brothers
    sons resources environmental environment science sciences research institute logistic
    distribution wholesale retail supplies supplier suppliers sourcing export import
    development color spinning dyed melange canned vegetable vegetables fruit fruits tomato
    products park industrial zone base station port trust fund
    keji maoyi shiye fazhan gongye touzi guoji huagong fangzhi dianzi jixie nongye wuliu shengwu
    yiyao shipin fuzhuang nengyuan jinchukou kuangye gangtie jianshe gongcheng jiancai mianye
    guiye zhiye xiaoshou shebei jishu
    """.split()
)

#: Number words -> digits (ordinals too: "first" and "1st" both become "1").
NUMBER_WORDS: Final[dict[str, str]] = {
    "zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
    "seven": "7", "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
    "thirteen": "13", "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17",
    "eighteen": "18", "nineteen": "19", "twenty": "20", "first": "1", "second": "2",
    "third": "3", "fourth": "4", "fifth": "5", "sixth": "6", "seventh": "7", "eighth": "8",
    "ninth": "9", "tenth": "10", "1st": "1", "2nd": "2", "3rd": "3", "4th": "4", "5th": "5",
    "6th": "6", "7th": "7", "8th": "8", "9th": "9", "10th": "10",
}  # fmt: skip

#: Tens words: "forty four" / "forty 4" -> "44".
TENS_WORDS: Final[dict[str, int]] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip

#: Roman numerals read as numbers when they are not the first word of a name.
ROMAN_NUMERALS: Final[dict[str, str]] = {
    "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8", "ix": "9",
    "x": "10", "xi": "11", "xii": "12", "xiii": "13", "xiv": "14", "xv": "15", "xvi": "16",
    "xvii": "17", "xviii": "18", "xix": "19", "xx": "20",
}  # fmt: skip

#: Cyrillic -> Latin (a practical BGN/PCGN-like table), so Russian legal forms are recognised.
CYRILLIC: Final[dict[str, str]] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i",
    "ї": "yi", "є": "ye", "ґ": "g",
}  # fmt: skip
