import pytest

from screening.errors import InputError
from screening.matching import Matcher, WatchList, build_watchlists
from screening.matching.watchlist import is_scope, split_cbp


def test_cbp_scope_rows_are_left_to_the_rules(lists):
    # Turkmen cotton, DRC gold, Malawi tobacco, the Xinjiang region and the two unnamed Jordan orders
    assert len(lists.scopes) == 6
    assert sum("Jordan" in s for s in lists.scopes) == 2
    assert is_scope("Region-wide: cotton and tomato products from the Xinjiang Uyghur Autonomous Region")
    assert not is_scope("Hoshine Silicon Industry Co., Ltd.")


def test_cbp_rows_split_into_entities_and_aliases():
    assert split_cbp(
        "Yili Zhuowan Garment Manufacturing Co., Ltd. and Baoding LYSZD Trade and Business Co., Ltd."
    ) == [
        ["Yili Zhuowan Garment Manufacturing Co., Ltd."],
        ["Baoding LYSZD Trade and Business Co., Ltd."],
    ]
    assert split_cbp("Xinjiang Junggar Cotton and Linen Co., Ltd.") == [
        ["Xinjiang Junggar Cotton and Linen Co., Ltd."]
    ]
    assert split_cbp("Manzhouli Wood Products Factory, a/k/a Manzhouli Linye Company") == [
        ["Manzhouli Wood Products Factory", "Manzhouli Linye Company"]
    ]


def test_uflpa_former_names_are_tagged(lists):
    entry = next(e for e in lists if e.name == "Changhong Meiling Co., Ltd.")
    assert [n.tag for n in entry.names] == ["primary", "former", "former"]
    assert entry.country_code == "CN" and entry.details["date_added"]


def test_user_watch_list_is_loaded_and_screened(tmp_path, lists):
    path = tmp_path / "mine.csv"
    path.write_text(
        "name,aliases,country,reason\nAcme Dyeing Works,Acme Dye | ACME DW,China,audit 2026\n",
        encoding="utf-8",
    )
    combined = build_watchlists({}, [path])
    entry = combined.entries[0]
    assert entry.list_id == "user:mine" and entry.country_code == "CN" and entry.reason == "audit 2026"
    assert [n.text for n in entry.names] == ["Acme Dyeing Works", "Acme Dye", "ACME DW"]
    assert (
        Matcher(WatchList(lists.entries + combined.entries))
        .compare("ACME DYEING WORKS", "Acme Dyeing Works")
        .decision
        == "match"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("company\nAcme\n", "has no 'name' column"),
        ("name,country\n,China\n", "row 2, column 'name' is empty"),
        ("name,country\nAcme,Atlantis\n", "row 2, column 'country'"),
        ("name,colour\nAcme,red\n", "unknown columns colour"),
    ],
)
def test_bad_user_watch_list_names_file_row_and_column(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        build_watchlists({}, [path])


def test_missing_user_watch_list_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        build_watchlists({}, [tmp_path / "none.csv"])
