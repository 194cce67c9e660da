"""OpenSanctions exports as watch lists: ``targets.simple.csv`` and FollowTheMoney (FtM) JSON lines.

A ``--watchlist`` file is read by its form (:func:`watchlist_entries`):

* a CSV whose header has OpenSanctions' simple columns (``id, schema, name, aliases, countries,
  identifiers, sanctions, dataset, ...``; multiple values joined by ``;``);
* JSON lines of FtM entities (``{"id", "schema", "properties": {"name", "alias", "country",
  "leiCode", ...}, "datasets"}``), e.g. the ``us_dhs_uflpa`` or ``us_cbp_forced_labor`` exports;
* anything else is a user's own list (``name, aliases, country, reason``).

Each entity keeps its OpenSanctions id (``details["source_id"]``, named in every hit's explanation),
its datasets and its identifiers (LEI, DUNS, registration and tax numbers; the simple CSV's
``identifiers`` column as it stands, e.g. an Open Supply Hub ID),
which :mod:`screening.matching.identifiers` matches exactly.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

from screening.errors import InputError
from screening.matching.watchlist import ListedName, WatchEntry, dedupe_names, user_entries
from screening.textfile import read_user_text

#: The columns that make a CSV an OpenSanctions simple export (the others are optional).
SIMPLE_REQUIRED: Final = ("id", "schema", "name", "aliases", "countries", "identifiers", "dataset")
#: FtM schemata screened as entities (addresses, sanctions, ownerships and the like are not).
FTM_SCHEMATA: Final = frozenset(
    {"LegalEntity", "Company", "Organization", "PublicBody", "Person", "Vessel", "Airplane"}
)
#: FtM identifier properties -> the scheme shown in a hit.
FTM_IDENTIFIERS: Final[dict[str, str]] = {
    "leiCode": "LEI",
    "dunsCode": "DUNS",
    "registrationNumber": "registration number",
    "taxNumber": "tax number",
    "uscCode": "unified social credit code",
    "innCode": "INN",
    "ogrnCode": "OGRN",
    "okpoCode": "OKPO",
    "vatCode": "VAT number",
    "idNumber": "id number",
    "imoNumber": "IMO number",
    "swiftBic": "SWIFT/BIC",
}


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(";") if v.strip()]


def _country(codes: Iterable[str]) -> str | None:
    from screening.normalize.countries import to_alpha2

    for code in codes:
        alpha2 = to_alpha2(code.upper())
        if alpha2:
            return alpha2
    return None


def _entry(
    path: Path,
    source_id: str,
    names: list[ListedName],
    countries: list[str],
    identifiers: list[tuple[str, str]],
    details: dict[str, str],
) -> WatchEntry:
    datasets = details.get("datasets", "")
    programme = details.get("sanctions", "")
    reason = f"OpenSanctions {datasets or 'export'} entity {source_id}" + (
        f": {programme}" if programme else ""
    )
    return WatchEntry(
        list_id=f"user:{path.stem}",
        entity_id=f"user:{path.stem}:{source_id}",
        name=names[0].text,
        names=dedupe_names(names),
        country_code=_country(countries),
        active=True,
        details={"file": str(path), "source_id": source_id, **details},
        reason=reason,
        identifiers=tuple(identifiers),
    )


def simple_csv_entries(path: Path, rows: Iterable[Mapping[str, str | None]]) -> list[WatchEntry]:
    """OpenSanctions ``targets.simple.csv`` rows -> entries (row 2 is the first entity)."""
    out: list[WatchEntry] = []
    for number, row in enumerate(rows, start=2):
        source_id = (row.get("id") or "").strip()
        name = (row.get("name") or "").strip()
        if not source_id or not name:
            raise InputError(
                f"Watch list {path}, row {number}: an OpenSanctions row needs an 'id' and a 'name' "
                "(this one has " + ("no id" if not source_id else "no name") + "). Export the file again."
            )
        names = [ListedName(name, "primary")] + [ListedName(a, "alias") for a in _split(row.get("aliases"))]
        details = {
            "row": str(number),
            "schema": (row.get("schema") or "").strip(),
            "datasets": "; ".join(_split(row.get("dataset"))),
            "sanctions": "; ".join(_split(row.get("sanctions"))),
            "last_change": (row.get("last_change") or "").strip(),
        }
        identifiers = [("identifier", v) for v in _split(row.get("identifiers"))]
        out.append(_entry(path, source_id, names, _split(row.get("countries")), identifiers, details))
    return out


def _values(props: Mapping[str, Any], key: str) -> list[str]:
    value = props.get(key) or []
    return [str(v).strip() for v in (value if isinstance(value, list) else [value]) if str(v).strip()]


def ftm_entries(path: Path, lines: Iterable[str]) -> list[WatchEntry]:
    """FtM entities, one JSON object per line -> entries (entities of other schemata are skipped)."""
    out: list[WatchEntry] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entity = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"Watch list {path}, line {number} is not JSON ({exc.msg}, column {exc.colno}). "
                "An FtM file has one entity object per line."
            ) from None
        if not isinstance(entity, dict) or entity.get("schema") not in FTM_SCHEMATA:
            continue
        props = entity.get("properties") or {}
        names_raw = _values(props, "name")
        source_id = str(entity.get("id") or "").strip()
        if not names_raw or not source_id:
            continue
        names = [ListedName(names_raw[0], "primary")]
        names += [ListedName(n, "alias") for n in names_raw[1:] + _values(props, "alias")]
        names += [ListedName(n, "former") for n in _values(props, "previousName")]
        names += [ListedName(n, "variant") for n in _values(props, "weakAlias")]
        identifiers = [
            (scheme, value) for prop, scheme in FTM_IDENTIFIERS.items() for value in _values(props, prop)
        ]
        countries = _values(props, "country") + _values(props, "jurisdiction") + _values(props, "mainCountry")
        details = {
            "line": str(number),
            "schema": str(entity.get("schema")),
            "datasets": "; ".join(str(d) for d in entity.get("datasets") or []),
            "sanctions": "; ".join(_values(props, "program") or _values(props, "topics")),
            "last_change": str(entity.get("last_change") or ""),
        }
        out.append(_entry(path, source_id, names, countries, identifiers, details))
    return out


def watchlist_entries(path: Path) -> list[WatchEntry]:
    """Entries of one ``--watchlist`` file, whichever of the three forms it has (module docstring)."""
    text = read_user_text(
        path,
        "Watch list",
        "Give the path of a CSV file with a 'name' column, an OpenSanctions targets.simple.csv or an FtM "
        "JSON lines file.",
        save_as="UTF-8",
    )
    if text.lstrip().startswith("{"):
        entries = ftm_entries(path, text.splitlines())
        if not entries:
            raise InputError(
                f"Watch list {path} holds JSON lines but no entity of schema "
                f"{', '.join(sorted(FTM_SCHEMATA))} with a name. Export the dataset's entities (FtM)."
            )
        return entries
    reader = csv.DictReader(text.splitlines())
    headers = {h.strip().lower() for h in reader.fieldnames or [] if h}
    if all(col in headers for col in SIMPLE_REQUIRED):
        rows = ({(k or "").strip().lower(): v for k, v in row.items()} for row in reader)
        return simple_csv_entries(path, rows)
    return user_entries(path)
