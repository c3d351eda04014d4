# SPDX-License-Identifier: MIT
"""Load Vietnam's administrative units and the old-to-new map of the 2025 reorganisation.

Two code lists live side by side (DOMAIN §7): the 2025 list (34 provinces, 3,321 communes, no
districts) and the list before 1 July 2025 (63 provinces, ~700 districts, ~10,000 communes).
Old dossiers keep the unit they were filed under, so legacy units are kept, never rewritten,
and `UnitSuccession` rows say which new unit(s) each old one became.

Sources, all read at set-up time, none at request time:

* the installed `vietnam-provinces` package (2025 list, statistics-office codes);
* the older `vietnam-provinces==0.6.0` wheel (the list before 2025; it cannot be installed
  next to the new one, so we read its JSON from a path or from the downloaded wheel);
* `data/province_mergers_2025.json`: our transcription of Resolution 202/2025/QH15;
* optionally the `vietnamadminunits` wheel (MIT), whose converter table says which new
  commune every old commune went to.

Loaders are idempotent: they create what is missing, update names and types that changed and
delete nothing unless asked to, and then only units that no other row references.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sqlite3
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congso.core.exceptions import InvalidInputError
from congso.core.models import AdministrativeUnit, UnitLevel, UnitScheme, UnitSuccession

# --- constants -----------------------------------------------------------------------------------

REORGANISATION_DATE = date(2025, 7, 1)
CURRENT_VALID_FROM = REORGANISATION_DATE
LEGACY_VALID_TO = date(2025, 6, 30)

CODE_WIDTH = {UnitLevel.PROVINCE: 2, UnitLevel.DISTRICT: 3, UnitLevel.COMMUNE: 5}
LEVEL_ORDER = (UnitLevel.PROVINCE, UnitLevel.DISTRICT, UnitLevel.COMMUNE)

DATA_DIR = Path(__file__).resolve().parent / "data"
PROVINCE_MERGERS_PATH = DATA_DIR / "province_mergers_2025.json"

# Marks the successions that `units_link_communes` owns, so a re-run may replace them without
# touching rows an administrator entered by hand.
COMMUNE_MAPPING_BASIS = (
    "Nghị quyết của UBTVQH15 về sắp xếp ĐVHC cấp xã năm 2025 (bảng chuyển đổi vietnamadminunits)"
)

# Division types spelt out in the name. The 0.6.0 data files label every province "tỉnh",
# every district "huyện" and every commune "xã", so the name is the reliable source.
_TYPE_PREFIXES: dict[str, tuple[tuple[str, str], ...]] = {
    UnitLevel.PROVINCE: (("Thành phố ", "thành phố trung ương"), ("Tỉnh ", "tỉnh")),
    UnitLevel.DISTRICT: (
        ("Quận ", "quận"),
        ("Huyện ", "huyện"),
        ("Thị xã ", "thị xã"),
        ("Thành phố ", "thành phố"),
    ),
    UnitLevel.COMMUNE: (
        ("Xã ", "xã"),
        ("Phường ", "phường"),
        ("Thị trấn ", "thị trấn"),
        ("Đặc khu ", "đặc khu"),
    ),
}
_TYPE_WORD_RE = re.compile(r"^(xa|phuong|thi tran|dac khu)\s+")
_BATCH = 500

Progress = Callable[[str, int, int], None]
"""Called as progress(label, done, total) while a loader works."""


@dataclass(frozen=True)
class PackagePin:
    """A registry package we read data from without installing it, pinned by hash."""

    name: str
    version: str
    filename: str
    sha256: str

    @property
    def requirement(self) -> str:
        return f"{self.name}=={self.version}"


LEGACY_PACKAGE = PackagePin(
    "vietnam-provinces",
    "0.6.0",
    "vietnam_provinces-0.6.0-py3-none-any.whl",
    "4b5772870efdcb7c58a64fbdc0e0c9ce497e67017a0c189dff99582ddadb7815",
)
COMMUNE_MAPPING_PACKAGE = PackagePin(
    "vietnamadminunits",
    "1.0.4",
    "vietnamadminunits-1.0.4-py3-none-any.whl",
    "737ee3662e877290386c1c45ed4d71f2e5fae34ab6fb9c64bfb4cb74b216ea35",
)


class UnitDataError(InvalidInputError):
    """A unit data file is missing, malformed or not the list the caller asked for."""

    code = "unit_data_error"


@dataclass
class LoadResult:
    """What a loader did; `stale` counts rows in the database that the data no longer has."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    stale: int = 0
    by_level: dict[str, int] = field(default_factory=dict)


@dataclass
class LinkResult:
    """What a succession loader did. `unresolved` names entries it could not match;
    `skipped` counts entries for provinces whose communes are not loaded."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    unresolved: list[str] = field(default_factory=list)
    skipped: int = 0
    hints_confirmed: int = 0
    hints_contradicted: int = 0


@dataclass(frozen=True)
class UnitRow:
    """One unit as read from a data file, codes already zero-padded."""

    level: str
    code: str
    name: str
    division_type: str
    codename: str
    province_code: str
    parent_code: str | None


# --- small helpers -------------------------------------------------------------------------------


def clean_name(name: str) -> str:
    """NFC with single spaces: the package has a few names with doubled spaces."""
    return " ".join(unicodedata.normalize("NFC", str(name)).split())


def fold_name(name: str) -> str:
    """Letters and digits only, no marks, so 'Hoà' = 'Hòa' and '-' = '–' when matching names."""
    text = unicodedata.normalize("NFD", clean_name(name).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[^0-9a-z]+", "", text)


def _fold_without_type(name: str) -> str:
    """Fold a commune name without its type word, so 'Thị trấn A' matches 'Xã A'."""
    text = unicodedata.normalize("NFD", clean_name(name).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return fold_name(_TYPE_WORD_RE.sub("", text))


def pad_code(value: Any, level: str) -> str:
    """Zero-pad a statistics-office code: province 2, district 3, commune 5 digits."""
    text = str(value).strip()
    width = CODE_WIDTH[level]
    if not text.isdigit() or len(text.lstrip("0") or "0") > width:
        raise UnitDataError(
            _("%(code)r is not a valid %(level)s code.") % {"code": value, "level": level}
        )
    return text.zfill(width)[-width:]


def _division_type(level: str, name: str, given: str) -> str:
    for prefix, division_type in _TYPE_PREFIXES[level]:
        if name.startswith(prefix):
            return division_type
    return clean_name(given).lower()


def _report(progress: Progress | None, label: str, done: int, total: int) -> None:
    if progress is not None:
        progress(label, done, total)


def _chunks(items: list[Any], size: int = _BATCH) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- reading the data files ----------------------------------------------------------------------


def _read_member(source: Path, member: str) -> bytes:
    """Read `member` (e.g. 'vietnam_provinces/data/nested-divisions.json') from a file, an
    unpacked package or site-packages directory, or a wheel."""
    source = Path(source)
    if source.is_dir():
        parts = Path(member).parts
        for depth in range(len(parts)):
            candidate = source.joinpath(*parts[depth:])
            if candidate.is_file():
                return candidate.read_bytes()
        raise UnitDataError(
            _("%(member)s was not found under %(dir)s.") % {"member": member, "dir": source}
        )
    if not source.is_file():
        raise UnitDataError(_("%(path)s does not exist.") % {"path": source})
    if zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            names = [n for n in archive.namelist() if n == member or n.endswith("/" + member)]
            if not names:
                raise UnitDataError(
                    _("%(member)s was not found in %(zip)s.") % {"member": member, "zip": source}
                )
            return archive.read(names[0])
    return source.read_bytes()


def _read_divisions(source: Path) -> list[dict[str, Any]]:
    raw = _read_member(source, "vietnam_provinces/data/nested-divisions.json")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UnitDataError(
            _("%(path)s is not a JSON file: %(error)s") % {"path": source, "error": exc}
        ) from exc
    if not isinstance(data, list) or not all(isinstance(p, dict) for p in data):
        raise UnitDataError(_("%(path)s is not a list of provinces.") % {"path": source})
    return data


def _province_row(raw: dict[str, Any], *, legacy: bool) -> UnitRow:
    code = pad_code(raw["code"], UnitLevel.PROVINCE)
    name = clean_name(raw["name"])
    division_type = _division_type(UnitLevel.PROVINCE, name, raw.get("division_type", ""))
    codename = str(raw.get("codename", ""))
    if legacy:
        # Same spelling as the 2025 list: "Hà Giang" (tỉnh), "Thành phố Hà Nội", codename
        # without the type word ("ha_noi").
        name = name.removeprefix("Tỉnh ")
        codename = re.sub(r"^(tinh|thanh_pho)_", "", codename)
    return UnitRow(UnitLevel.PROVINCE, code, name, division_type, codename, code, None)


def _child_row(raw: dict[str, Any], level: str, province: str, parent: str) -> UnitRow:
    name = clean_name(raw["name"])
    return UnitRow(
        level=level,
        code=pad_code(raw["code"], level),
        name=name,
        division_type=_division_type(level, name, raw.get("division_type", "")),
        codename=str(raw.get("codename", "")),
        province_code=province,
        parent_code=parent,
    )


def parse_divisions(data: list[dict[str, Any]], *, scheme: str) -> list[UnitRow]:
    """Rows from a vietnam-provinces nested-divisions.json, either format.

    The 2025 releases nest province → wards; 0.6.0 and older nest province → districts →
    wards, with wrong division types (fixed here from the names).
    """
    three_level = any("districts" in province for province in data)
    if scheme == UnitScheme.LEGACY and not three_level:
        raise UnitDataError(
            _("This file has no districts: it is not the list from before 1 July 2025.")
        )
    if scheme == UnitScheme.CURRENT and three_level:
        raise UnitDataError(
            _("This file has districts: it is the list from before 1 July 2025, not the 2025 list.")
        )
    rows: list[UnitRow] = []
    try:
        for raw_province in data:
            province = _province_row(raw_province, legacy=three_level)
            rows.append(province)
            if three_level:
                for raw_district in raw_province.get("districts") or []:
                    district = _child_row(
                        raw_district, UnitLevel.DISTRICT, province.code, province.code
                    )
                    rows.append(district)
                    rows.extend(
                        _child_row(w, UnitLevel.COMMUNE, province.code, district.code)
                        for w in raw_district.get("wards") or []
                    )
            else:
                rows.extend(
                    _child_row(w, UnitLevel.COMMUNE, province.code, province.code)
                    for w in raw_province.get("wards") or []
                )
    except (KeyError, TypeError) as exc:
        raise UnitDataError(_("A unit in the file lacks %(key)s.") % {"key": exc}) from exc
    seen: set[tuple[str, str]] = set()
    for row in rows:
        if (row.level, row.code) in seen:
            raise UnitDataError(
                _("Code %(code)s appears twice at level %(level)s.")
                % {"code": row.code, "level": row.level}
            )
        seen.add((row.level, row.code))
    return rows


def current_source_path() -> Path:
    """nested-divisions.json of the installed vietnam-provinces (the 2025 list)."""
    import vietnam_provinces

    return Path(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH)


# --- writing units -------------------------------------------------------------------------------


def _referenced_ids(ids: Collection[int]) -> set[int]:
    """Which of these units some other row points at, through any relation of any app."""
    found: set[int] = set()
    if not ids:
        return found
    for relation in AdministrativeUnit._meta.related_objects:
        lookup = f"{relation.field.name}__in"
        for chunk in _chunks(list(ids), 900):
            found.update(
                relation.related_model._default_manager.filter(**{lookup: chunk})
                .values_list(relation.field.name, flat=True)
                .distinct()
            )
    return found


def _sync_level(
    rows: list[UnitRow],
    *,
    scheme: str,
    level: str,
    parent_ids: dict[str, int],
    valid_from: date | None,
    valid_to: date | None,
    result: LoadResult,
    progress: Progress | None,
    label: str,
) -> dict[str, int]:
    existing = {u.code: u for u in AdministrativeUnit.objects.filter(scheme=scheme, level=level)}
    now = timezone.now()
    fields = ["name", "division_type", "codename", "parent_id", "valid_from", "valid_to"]
    done = 0
    for chunk in _chunks(rows):
        new: list[AdministrativeUnit] = []
        changed: list[AdministrativeUnit] = []
        for row in chunk:
            parent_id = None
            if row.parent_code is not None:
                try:
                    parent_id = parent_ids[row.parent_code]
                except KeyError as exc:
                    raise UnitDataError(
                        _("The parent %(parent)s of unit %(code)s is missing.")
                        % {"parent": row.parent_code, "code": row.code}
                    ) from exc
            values = {
                "name": row.name,
                "division_type": row.division_type,
                "codename": row.codename,
                "parent_id": parent_id,
                "valid_from": valid_from,
                "valid_to": valid_to,
            }
            unit = existing.get(row.code)
            if unit is None:
                new.append(AdministrativeUnit(scheme=scheme, level=level, code=row.code, **values))
            elif any(getattr(unit, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(unit, name, value)
                unit.updated_at = now
                changed.append(unit)
            else:
                result.unchanged += 1
        if new:
            AdministrativeUnit.objects.bulk_create(new, batch_size=_BATCH)
            result.created += len(new)
        if changed:
            AdministrativeUnit.objects.bulk_update(
                changed, [*fields, "updated_at"], batch_size=_BATCH
            )
            result.updated += len(changed)
        done += len(chunk)
        _report(progress, label, done, len(rows))
    result.by_level[level] = result.by_level.get(level, 0) + len(rows)
    return dict(
        AdministrativeUnit.objects.filter(scheme=scheme, level=level).values_list("code", "id")
    )


def _prune(stale: dict[str, list[int]], *, delete: bool, result: LoadResult) -> None:
    """Delete stale units nothing refers to, children before parents; keep the rest."""
    for level in reversed(LEVEL_ORDER):
        ids = stale.get(level, [])
        if not ids:
            continue
        if not delete:
            result.stale += len(ids)
            continue
        keep = _referenced_ids(ids)
        doomed = [pk for pk in ids if pk not in keep]
        for chunk in _chunks(doomed, 900):
            AdministrativeUnit.objects.filter(pk__in=chunk).delete()
        result.deleted += len(doomed)
        result.stale += len(keep)


def _sync_units(
    rows: list[UnitRow],
    *,
    scheme: str,
    province_codes: Collection[str] | None,
    valid_from: date | None,
    valid_to: date | None,
    prune: bool,
    progress: Progress | None,
) -> LoadResult:
    wanted: set[str] = set()
    if province_codes is not None:
        wanted = {pad_code(code, UnitLevel.PROVINCE) for code in province_codes}
        known = {row.code for row in rows if row.level == UnitLevel.PROVINCE}
        unknown = wanted - known
        if unknown:
            raise UnitDataError(
                _("Unknown province code(s): %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
            )
        # Provinces always load in full; the filter only limits districts and communes.
        rows = [r for r in rows if r.level == UnitLevel.PROVINCE or r.province_code in wanted]
    labels = {
        UnitLevel.PROVINCE: _("Provinces"),
        UnitLevel.DISTRICT: _("Districts"),
        UnitLevel.COMMUNE: _("Communes"),
    }
    result = LoadResult()
    stale: dict[str, list[int]] = {}
    parent_ids: dict[str, int] = {}
    for level in LEVEL_ORDER:
        level_rows = [r for r in rows if r.level == level]
        if not level_rows and level == UnitLevel.DISTRICT:
            continue
        ids = _sync_level(
            level_rows,
            scheme=scheme,
            level=level,
            parent_ids=parent_ids,
            valid_from=valid_from,
            valid_to=valid_to,
            result=result,
            progress=progress,
            label=labels[level],
        )
        in_data = {r.code for r in level_rows}
        scope = AdministrativeUnit.objects.filter(scheme=scheme, level=level)
        if province_codes is not None and level != UnitLevel.PROVINCE:
            # Only judge units of the provinces we loaded; others are simply not in scope.
            scope = scope.filter(
                Q(parent__code__in=wanted, parent__level=UnitLevel.PROVINCE)
                | Q(parent__parent__code__in=wanted, parent__parent__level=UnitLevel.PROVINCE)
            )
        stale[level] = [pk for code, pk in scope.values_list("code", "id") if code not in in_data]
        parent_ids = {code: pk for code, pk in ids.items() if code in in_data}
    _prune(stale, delete=prune, result=result)
    return result


@transaction.atomic
def units_load_current(
    *,
    source: Path | None = None,
    province_code: str | None = None,
    prune: bool = False,
    progress: Progress | None = None,
) -> LoadResult:
    """Load the 2025 list: 34 provinces and 3,321 communes, valid from 1 July 2025.

    `source` defaults to the installed vietnam-provinces data; `province_code` limits the
    communes to one province (provinces always load in full). With `prune`, units that
    vanished from the data are deleted if nothing references them.
    """
    rows = parse_divisions(
        _read_divisions(source or current_source_path()), scheme=UnitScheme.CURRENT
    )
    return _sync_units(
        rows,
        scheme=UnitScheme.CURRENT,
        province_codes=None if province_code is None else [province_code],
        valid_from=CURRENT_VALID_FROM,
        valid_to=None,
        prune=prune,
        progress=progress,
    )


@transaction.atomic
def units_load_legacy(
    *,
    source: Path,
    province_codes: Collection[str] | None = None,
    prune: bool = False,
    progress: Progress | None = None,
) -> LoadResult:
    """Load the list before 1 July 2025 (provinces, districts, communes), valid until 30 June 2025.

    `source` is the 0.6.0 nested-divisions.json, the vietnam-provinces 0.6.0 wheel or an
    unpacked copy of it. `province_codes` are *old* province codes that limit districts and
    communes; see `legacy_province_codes_for` to get them from a 2025 code.
    """
    rows = parse_divisions(_read_divisions(source), scheme=UnitScheme.LEGACY)
    return _sync_units(
        rows,
        scheme=UnitScheme.LEGACY,
        province_codes=province_codes,
        valid_from=None,
        valid_to=LEGACY_VALID_TO,
        prune=prune,
        progress=progress,
    )


# --- fetching pinned wheels ----------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def units_fetch_package(pin: PackagePin, *, cache_dir: Path | None = None) -> Path:
    """Download a pinned wheel with `pip download --no-deps` into a cache under VAR_DIR.

    The wheel is only read, never installed, and its hash is checked, so a changed upload on
    the registry cannot slip different data in.
    """
    cache_dir = Path(cache_dir or Path(settings.VAR_DIR) / "cache" / "units")
    cache_dir.mkdir(parents=True, exist_ok=True)
    wheel = cache_dir / pin.filename
    if not (wheel.is_file() and _sha256(wheel) == pin.sha256):
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--disable-pip-version-check",
            "--quiet",
            "-d",
            str(cache_dir),
            pin.requirement,
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.SubprocessError) as exc:
            detail = getattr(exc, "stderr", "") or str(exc)
            raise UnitDataError(
                _("Could not download %(package)s: %(error)s")
                % {"package": pin.requirement, "error": detail.strip()[-500:]}
            ) from exc
    if not wheel.is_file():
        raise UnitDataError(
            _("pip did not produce %(file)s in %(dir)s.") % {"file": pin.filename, "dir": cache_dir}
        )
    if _sha256(wheel) != pin.sha256:
        wheel.unlink()
        raise UnitDataError(
            _("%(file)s does not have the expected SHA-256; it was removed.")
            % {"file": pin.filename}
        )
    return wheel


def units_fetch_legacy(*, cache_dir: Path | None = None) -> Path:
    """The vietnam-provinces 0.6.0 wheel (list before 2025), downloaded once and cached."""
    return units_fetch_package(LEGACY_PACKAGE, cache_dir=cache_dir)


def units_fetch_commune_mapping(*, cache_dir: Path | None = None) -> Path:
    """The vietnamadminunits wheel (old-to-new commune table), downloaded once and cached."""
    return units_fetch_package(COMMUNE_MAPPING_PACKAGE, cache_dir=cache_dir)


# --- successions ---------------------------------------------------------------------------------


def _sync_successions(
    pairs: set[tuple[int, int]],
    *,
    covered: set[int],
    basis: str,
    effective_on: date,
    result: LinkResult,
) -> None:
    """Make our successions of the `covered` predecessors exactly `pairs`.

    Rows with another basis (entered by hand) are left alone; ours that the data no longer
    has are deleted (nothing references a UnitSuccession).
    """
    existing: dict[tuple[int, int], UnitSuccession] = {}
    for chunk in _chunks(sorted(covered), 900):
        for succession in UnitSuccession.objects.filter(predecessor_id__in=chunk):
            existing[(succession.predecessor_id, succession.successor_id)] = succession
    new = [
        UnitSuccession(predecessor_id=old, successor_id=new, effective_on=effective_on, basis=basis)
        for old, new in sorted(pairs - existing.keys())
    ]
    UnitSuccession.objects.bulk_create(new, batch_size=_BATCH)
    result.created += len(new)
    changed = []
    gone = []
    for key, succession in existing.items():
        if succession.basis != basis:
            if key in pairs:
                result.unchanged += 1
            continue
        if key not in pairs:
            gone.append(succession.pk)
        elif succession.effective_on != effective_on:
            succession.effective_on = effective_on
            changed.append(succession)
        else:
            result.unchanged += 1
    UnitSuccession.objects.bulk_update(changed, ["effective_on"], batch_size=_BATCH)
    result.updated += len(changed)
    for chunk in _chunks(gone, 900):
        UnitSuccession.objects.filter(pk__in=chunk).delete()
    result.deleted += len(gone)


def read_province_mergers(*, path: Path = PROVINCE_MERGERS_PATH) -> dict[str, Any]:
    """The province merger table, checked: each old province in exactly one new one."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    seen: dict[str, str] = {}
    for entry in data["provinces"]:
        new_code = pad_code(entry["code"], UnitLevel.PROVINCE)
        for old in entry["from"]:
            old_code = pad_code(old["code"], UnitLevel.PROVINCE)
            if old_code in seen:
                raise UnitDataError(
                    _("Old province %(code)s is listed under both %(a)s and %(b)s.")
                    % {"code": old_code, "a": seen[old_code], "b": new_code}
                )
            seen[old_code] = new_code
    return data


def legacy_province_codes_for(code: str, *, path: Path = PROVINCE_MERGERS_PATH) -> list[str]:
    """Old province codes merged into the 2025 province `code` (e.g. '08' → ['08', '02'])."""
    code = pad_code(code, UnitLevel.PROVINCE)
    for entry in read_province_mergers(path=path)["provinces"]:
        if pad_code(entry["code"], UnitLevel.PROVINCE) == code:
            return [pad_code(old["code"], UnitLevel.PROVINCE) for old in entry["from"]]
    raise UnitDataError(_("Unknown province code(s): %(codes)s.") % {"codes": code})


@transaction.atomic
def units_link_provinces(*, path: Path = PROVINCE_MERGERS_PATH) -> LinkResult:
    """Create the province successions of Resolution 202/2025/QH15 from our merger table.

    Needs both lists loaded; entries whose province is not in the database are reported
    in `unresolved` and skipped.
    """
    data = read_province_mergers(path=path)
    basis = data.get("basis", "")
    effective_on = date.fromisoformat(data.get("effective_on", REORGANISATION_DATE.isoformat()))
    ids = {
        (scheme, code): pk
        for scheme, code, pk in AdministrativeUnit.objects.filter(
            level=UnitLevel.PROVINCE
        ).values_list("scheme", "code", "id")
    }
    result = LinkResult()
    pairs: set[tuple[int, int]] = set()
    for entry in data["provinces"]:
        new_code = pad_code(entry["code"], UnitLevel.PROVINCE)
        new_id = ids.get((UnitScheme.CURRENT, new_code))
        if new_id is None:
            result.unresolved.append(_("2025 province %(code)s") % {"code": new_code})
            continue
        for old in entry["from"]:
            old_code = pad_code(old["code"], UnitLevel.PROVINCE)
            old_id = ids.get((UnitScheme.LEGACY, old_code))
            if old_id is None:
                result.unresolved.append(_("old province %(code)s") % {"code": old_code})
                continue
            pairs.add((old_id, new_id))
    _sync_successions(
        pairs,
        covered={old for old, _new in pairs},
        basis=basis,
        effective_on=effective_on,
        result=result,
    )
    return result


# --- commune mapping from vietnamadminunits ------------------------------------------------------


@dataclass
class _MappingData:
    """The parts of vietnamadminunits we use, keyed the way its converter keys them."""

    province_map: dict[str, list[str]]
    undivided: dict[str, dict[str, list[str]]]
    divided: dict[str, dict[str, list[dict[str, Any]]]]
    legacy: dict[tuple[str, str, str], tuple[str, str, str, str]]
    legacy_districts: dict[tuple[str, str], tuple[str, str]]
    current: dict[tuple[str, str], tuple[str, str, str]]


def _installed_package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _read_mapping(source: Path | None) -> _MappingData:
    if source is None:
        source = _installed_package_dir("vietnamadminunits")
        if source is None:
            raise UnitDataError(
                _("vietnamadminunits is not installed; give the path of its wheel instead.")
            )
    converter = json.loads(
        _read_member(source, "vietnamadminunits/data/converter_2025.json").decode("utf-8")
    )
    database = _read_member(source, "vietnamadminunits/data/dataset.db")
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "dataset.db"
        db_path.write_bytes(database)
        connection = sqlite3.connect(db_path)
        try:
            legacy_rows = connection.execute(
                "SELECT provinceKey, districtKey, wardKey, provinceCode, districtCode, wardCode,"
                " ward FROM admin_units_legacy"
            ).fetchall()
            current_rows = connection.execute(
                "SELECT provinceKey, wardKey, provinceCode, wardCode, ward FROM admin_units"
            ).fetchall()
        except sqlite3.Error as exc:
            raise UnitDataError(
                _("%(path)s does not hold the expected tables: %(error)s")
                % {"path": source, "error": exc}
            ) from exc
        finally:
            connection.close()
    try:
        return _MappingData(
            province_map=converter["DICT_PROVINCE"],
            undivided=converter["DICT_PROVINCE_WARD_NO_DIVIDED"],
            divided=converter["DICT_PROVINCE_WARD_DIVIDED"],
            legacy={
                (p, d, w or ""): (pc, dc, wc or "", name or "")
                for p, d, w, pc, dc, wc, name in legacy_rows
            },
            legacy_districts={(p, d): (pc, dc) for p, d, _w, pc, dc, _wc, _n in legacy_rows},
            current={(p, w): (pc, wc, name) for p, w, pc, wc, name in current_rows},
        )
    except KeyError as exc:
        raise UnitDataError(_("%(path)s lacks %(key)s.") % {"path": source, "key": exc}) from exc


class _Resolver:
    """Turns vietnamadminunits keys into our unit ids.

    Old communes match on the statistics-office code (checked against the folded name).
    New communes match on the name within the province: vietnamadminunits numbers about
    a hundred new communes differently from the official list that vietnam-provinces ships.
    """

    def __init__(self, data: _MappingData) -> None:
        self.data = data
        legacy = AdministrativeUnit.objects.filter(scheme=UnitScheme.LEGACY)
        self.old_communes: dict[str, tuple[int, str, int | None]] = {
            code: (pk, fold_name(name), parent_id)
            for code, pk, name, parent_id in legacy.filter(level=UnitLevel.COMMUNE).values_list(
                "code", "id", "name", "parent_id"
            )
        }
        self.old_by_district: dict[tuple[int | None, str], list[int]] = defaultdict(list)
        for pk, folded, parent_id in self.old_communes.values():
            self.old_by_district[(parent_id, folded)].append(pk)
        self.old_districts = dict(legacy.filter(level=UnitLevel.DISTRICT).values_list("code", "id"))
        self.exact: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.folded: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.new_codes: dict[str, tuple[int, str, str]] = {}
        current = AdministrativeUnit.objects.filter(
            scheme=UnitScheme.CURRENT, level=UnitLevel.COMMUNE
        ).values_list("id", "code", "name", "parent__code")
        self.loaded_provinces: set[str] = set()
        for pk, code, name, province in current:
            self.loaded_provinces.add(province)
            self.exact[(province, clean_name(name))].append(pk)
            self.folded[(province, fold_name(name))].append(pk)
            self.new_codes[code] = (pk, province, fold_name(name))

    def old_commune(self, key: str) -> int | None:
        province, district, ward = key.split("_", 2)
        row = self.data.legacy.get((province, district, ward))
        if row is None:
            return None
        _pc, district_code, ward_code, name = row
        found = self.old_communes.get(ward_code.zfill(5)) if ward_code else None
        if found is not None and found[1] == fold_name(name):
            return found[0]
        district_id = self.old_districts.get(district_code.zfill(3))
        candidates = self.old_by_district.get((district_id, fold_name(name)), [])
        if len(candidates) == 1:
            return candidates[0]
        return found[0] if found is not None else None

    def old_district(self, key: str) -> int | None:
        province, district, _ward = key.split("_", 2)
        row = self.data.legacy_districts.get((province, district))
        return self.old_districts.get(row[1].zfill(3)) if row else None

    def in_scope(self, province_key: str, ward_key: str) -> bool:
        """False for communes of provinces not loaded (a `--province` demo database)."""
        row = self.data.current.get((province_key, ward_key))
        return row is None or row[0].zfill(2) in self.loaded_provinces

    def new_commune(self, province_key: str, ward_key: str) -> int | None:
        row = self.data.current.get((province_key, ward_key))
        if row is None:
            return None
        province, code, name = row[0].zfill(2), row[1].zfill(5), row[2]
        exact = self.exact.get((province, clean_name(name)), [])
        if len(exact) == 1:
            return exact[0]
        by_code = self.new_codes.get(code)
        if by_code and by_code[1] == province and by_code[2] == fold_name(name):
            return by_code[0]
        folded = self.folded.get((province, fold_name(name)), [])
        return folded[0] if len(folded) == 1 else None


def _mapping_entries(data: _MappingData) -> Iterator[tuple[str, str, str]]:
    """(new province key, old 'province_district_ward' key, new ward key) for every link."""
    for province_key, wards in data.undivided.items():
        for new_ward, olds in wards.items():
            for old in olds:
                yield province_key, old, new_ward
    for province_key, olds in data.divided.items():
        for old, targets in olds.items():
            for target in targets:
                yield province_key, old, target["newWardKey"]


@transaction.atomic
def units_link_communes(
    *, source: Path | None = None, progress: Progress | None = None
) -> LinkResult:
    """Create commune and district successions from the vietnamadminunits converter table.

    `source` is the vietnamadminunits wheel or package directory (default: the installed
    package). An old commune split between several new ones gets a succession to each; a
    district gets one to every new commune its communes went to; island districts without
    communes (Bạch Long Vĩ, Cồn Cỏ, Côn Đảo, Lý Sơn, Hoàng Sa) map to their special zone.
    """
    data = _read_mapping(source)
    resolver = _Resolver(data)
    if not resolver.old_communes or not resolver.new_codes:
        raise UnitDataError(_("Load both the 2025 list and the list before it first."))
    result = LinkResult()
    commune_pairs: set[tuple[int, int]] = set()
    district_pairs: set[tuple[int, int]] = set()
    parent_of = {pk: parent for pk, _f, parent in resolver.old_communes.values()}
    entries = list(_mapping_entries(data))
    label = _("Commune successions")
    for done, (province_key, old_key, new_key) in enumerate(entries, start=1):
        if done % 1000 == 0 or done == len(entries):
            _report(progress, label, done, len(entries))
        if not resolver.in_scope(province_key, new_key):
            result.skipped += 1
            continue
        new_id = resolver.new_commune(province_key, new_key)
        is_district = old_key.endswith("_")
        old_id = resolver.old_district(old_key) if is_district else resolver.old_commune(old_key)
        if new_id is None or old_id is None:
            result.unresolved.append(f"{old_key} → {province_key}/{new_key}")
        elif is_district:
            district_pairs.add((old_id, new_id))
        else:
            commune_pairs.add((old_id, new_id))
            if parent_of.get(old_id) is not None:
                district_pairs.add((parent_of[old_id], new_id))
    for pairs in (commune_pairs, district_pairs):
        _sync_successions(
            pairs,
            covered={old for old, _new in pairs},
            basis=COMMUNE_MAPPING_BASIS,
            effective_on=REORGANISATION_DATE,
            result=result,
        )
    hinted = {(old.pk, new.pk) for old, new in unit_successor_hints()}
    covered = {old for old, _new in commune_pairs}
    result.hints_confirmed = len(hinted & commune_pairs)
    result.hints_contradicted = len({p for p in hinted - commune_pairs if p[0] in covered})
    return result


# --- selectors -----------------------------------------------------------------------------------


def unit_successor_hints(
    *, province_code: str | None = None
) -> list[tuple[AdministrativeUnit, AdministrativeUnit]]:
    """(old commune, 2025 commune) pairs with the same code and the same name after folding.

    The 2025 list kept the code of one of the merged communes, so such a pair is strong
    evidence of succession. It is only evidence: use it to check a mapping, not to make one.
    """
    current = AdministrativeUnit.objects.filter(
        scheme=UnitScheme.CURRENT, level=UnitLevel.COMMUNE
    ).select_related("parent")
    if province_code is not None:
        current = current.filter(parent__code=pad_code(province_code, UnitLevel.PROVINCE))
    by_code = {unit.code: unit for unit in current}
    old = AdministrativeUnit.objects.filter(
        scheme=UnitScheme.LEGACY, level=UnitLevel.COMMUNE, code__in=list(by_code)
    )
    return [
        (unit, by_code[unit.code])
        for unit in old.order_by("code")
        if _fold_without_type(unit.name) == _fold_without_type(by_code[unit.code].name)
    ]


def unit_current_for(
    unit: AdministrativeUnit, *, on: date | None = None
) -> list[AdministrativeUnit]:
    """The units valid on `on` (default today) that `unit` is or became, following successors.

    A unit valid on that day is its own answer; an old unit with no known successor gives
    an empty list rather than a guess.
    """
    day = on or timezone.localdate()
    if unit.is_valid_on(day):
        return [unit]
    seen = {unit.pk}
    frontier = {unit.pk}
    found: dict[int, AdministrativeUnit] = {}
    while frontier:
        successors = AdministrativeUnit.objects.filter(succession_in__predecessor_id__in=frontier)
        frontier = set()
        for successor in successors.distinct():
            if successor.pk in seen:
                continue
            seen.add(successor.pk)
            if successor.is_valid_on(day):
                found[successor.pk] = successor
            else:
                frontier.add(successor.pk)
    return sorted(found.values(), key=lambda u: (u.level, u.code))


def unit_history(unit: AdministrativeUnit) -> list[UnitSuccession]:
    """Every succession leading into `unit` (its predecessors, transitively) and out of it
    (its successors, transitively), oldest first: where a dossier's unit came from and went."""
    collected: dict[int, UnitSuccession] = {}
    for direction in ("in", "out"):
        frontier = {unit.pk}
        seen = {unit.pk}
        while frontier:
            if direction == "in":
                rows = UnitSuccession.objects.filter(successor_id__in=frontier)
            else:
                rows = UnitSuccession.objects.filter(predecessor_id__in=frontier)
            frontier = set()
            for succession in rows.select_related("predecessor", "successor"):
                collected[succession.pk] = succession
                nxt = succession.predecessor_id if direction == "in" else succession.successor_id
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.add(nxt)
    return sorted(
        collected.values(),
        key=lambda s: (
            s.effective_on,
            LEVEL_ORDER.index(s.predecessor.level),
            s.predecessor.code,
            s.successor.code,
        ),
    )
