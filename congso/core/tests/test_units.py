# SPDX-License-Identifier: MIT
"""Loading administrative units: counts, codes, idempotency, legacy list and successions.

No network: the legacy list and the vietnamadminunits table are small fixtures written here
in the same layout as the real packages.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import zipfile
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from congso.core import units
from congso.core.models import (
    AdministrativeUnit,
    Agency,
    AgencyKind,
    AgencyLevel,
    UnitLevel,
    UnitScheme,
    UnitSuccession,
)
from congso.core.units import (
    COMMUNE_MAPPING_BASIS,
    LEGACY_PACKAGE,
    PROVINCE_MERGERS_PATH,
    UnitDataError,
    fold_name,
    legacy_province_codes_for,
    pad_code,
    unit_current_for,
    unit_history,
    unit_successor_hints,
    units_fetch_legacy,
    units_link_communes,
    units_link_provinces,
    units_load_current,
    units_load_legacy,
)

pytestmark = pytest.mark.django_db

CURRENT = UnitScheme.CURRENT
LEGACY = UnitScheme.LEGACY


def _unit(scheme: str, level: str, code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(scheme=scheme, level=level, code=code)


def _mergers() -> dict[str, Any]:
    return json.loads(PROVINCE_MERGERS_PATH.read_text(encoding="utf-8"))


def _legacy_province(code: str, name: str, districts: list[dict[str, Any]] | None = None) -> dict:
    """A province as vietnam-provinces 0.6.0 writes it: 'Tỉnh …' names, type always 'tỉnh'."""
    full = name if name.startswith("Thành phố") else f"Tỉnh {name}"
    codename = fold_name(full)  # any stable value will do for a fixture
    return {
        "name": full,
        "code": int(code),
        "codename": codename,
        "division_type": "tỉnh",
        "phone_code": 0,
        "districts": districts or [],
    }


def _ward(code: int, name: str) -> dict[str, Any]:
    # 0.6.0 labels every commune "xã", whatever its name says.
    return {"name": name, "code": code, "codename": fold_name(name), "division_type": "xã"}


HUE_DISTRICTS = [
    {
        "name": "Quận Thuận Hóa",
        "code": 474,
        "codename": "quan_thuan_hoa",
        "division_type": "huyện",
        "wards": [
            _ward(19777, "Phường Vỹ Dạ"),
            _ward(19780, "Phường Phường Đúc"),
            _ward(19786, "Phường Phú Hội"),
            _ward(19900, "Thị trấn Thuận An"),
        ],
    },
    {
        "name": "Thị xã Hương Thủy",
        "code": 476,
        "codename": "thi_xa_huong_thuy",
        "division_type": "huyện",
        "wards": [_ward(19960, "Phường Phú Bài")],
    },
    # An island district without communes, like Cồn Cỏ or Bạch Long Vĩ.
    {
        "name": "Huyện Đảo Thử",
        "code": 999,
        "codename": "huyen_dao_thu",
        "division_type": "huyện",
        "wards": [],
    },
]


def _legacy_data(*, with_hue_communes: bool = True) -> list[dict[str, Any]]:
    """All 63 old provinces (from our merger table) with a few Huế districts and communes."""
    provinces = []
    for entry in _mergers()["provinces"]:
        for old in entry["from"]:
            districts = HUE_DISTRICTS if old["code"] == "46" and with_hue_communes else None
            provinces.append(_legacy_province(old["code"], old["name"], districts))
    return sorted(provinces, key=lambda p: p["code"])


@pytest.fixture
def legacy_json(tmp_path: Path) -> Path:
    path = tmp_path / "nested-divisions.json"
    path.write_text(json.dumps(_legacy_data(), ensure_ascii=False), encoding="utf-8")
    return path


# --- codes ---------------------------------------------------------------------------------------


def test_pad_code_zero_pads_by_level_and_rejects_garbage() -> None:
    assert pad_code(1, UnitLevel.PROVINCE) == "01"
    assert pad_code("2269", UnitLevel.COMMUNE) == "02269"
    assert pad_code(1, UnitLevel.DISTRICT) == "001"
    for bad in ("12a", "", "123"):
        with pytest.raises(UnitDataError):
            pad_code(bad, UnitLevel.PROVINCE)


# --- the 2025 list -------------------------------------------------------------------------------


def test_current_list_has_34_provinces_and_3321_communes_with_padded_codes_and_parents() -> None:
    result = units_load_current()

    provinces = AdministrativeUnit.objects.filter(scheme=CURRENT, level=UnitLevel.PROVINCE)
    communes = AdministrativeUnit.objects.filter(scheme=CURRENT, level=UnitLevel.COMMUNE)
    assert provinces.count() == 34
    assert communes.count() == 3321
    assert result.created == 34 + 3321
    assert not AdministrativeUnit.objects.filter(level=UnitLevel.DISTRICT).exists()
    assert all(len(c) == 2 and c.isdigit() for c in provinces.values_list("code", flat=True))
    assert all(len(c) == 5 and c.isdigit() for c in communes.values_list("code", flat=True))

    thuong_lam = communes.select_related("parent").get(code="02269")
    assert thuong_lam.name == "Xã Thượng Lâm"
    assert thuong_lam.division_type == "xã"
    assert thuong_lam.codename == "xa_thuong_lam"
    assert (thuong_lam.parent.code, thuong_lam.parent.name) == ("08", "Tuyên Quang")
    assert thuong_lam.valid_from == date(2025, 7, 1)
    assert thuong_lam.valid_to is None

    assert not communes.exclude(parent__scheme=CURRENT, parent__level=UnitLevel.PROVINCE).exists()
    assert not provinces.exclude(parent=None).exists()
    assert provinces.get(code="01").division_type == "thành phố trung ương"
    assert provinces.filter(division_type="thành phố trung ương").count() == 6
    assert communes.filter(division_type="đặc khu").count() == 13
    assert communes.filter(division_type="phường").count() == 687
    assert communes.filter(division_type="xã").count() == 2621
    # Names are cleaned: the package has a few with doubled spaces.
    assert not communes.filter(name__contains="  ").exists()
    assert communes.get(code="24133").name == "Phường Buôn Ma Thuột"


def test_current_list_load_is_idempotent() -> None:
    units_load_current()
    before = dict(AdministrativeUnit.objects.values_list("public_id", "updated_at"))

    again = units_load_current()

    assert (again.created, again.updated, again.deleted) == (0, 0, 0)
    assert again.unchanged == 34 + 3321
    assert dict(AdministrativeUnit.objects.values_list("public_id", "updated_at")) == before


def test_province_option_limits_communes_but_loads_every_province() -> None:
    units_load_current(province_code="46")

    assert AdministrativeUnit.objects.filter(scheme=CURRENT, level=UnitLevel.PROVINCE).count() == 34
    communes = AdministrativeUnit.objects.filter(scheme=CURRENT, level=UnitLevel.COMMUNE)
    assert communes.count() == 40
    assert set(communes.values_list("parent__code", flat=True)) == {"46"}
    with pytest.raises(UnitDataError):
        units_load_current(province_code="99")


def _current_file(tmp_path: Path, communes: list[tuple[int, str, str]]) -> Path:
    data = [
        {
            "name": "Thành phố Huế",
            "code": 46,
            "codename": "hue",
            "division_type": "thành phố trung ương",
            "phone_code": 234,
            "wards": [
                {"name": name, "code": code, "codename": codename, "division_type": "?"}
                for code, name, codename in communes
            ],
        }
    ]
    path = tmp_path / f"current-{len(communes)}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_data_update_renames_and_never_deletes_referenced_units(tmp_path: Path) -> None:
    first = _current_file(
        tmp_path,
        [
            (19777, "Phường Vỹ Dạ", "phuong_vy_da"),
            (19786, "Phường Thuận Hóa", "phuong_thuan_hoa"),
            (19813, "Phường Thủy Xuân", "phuong_thuy_xuan"),
        ],
    )
    units_load_current(source=first)
    used = _unit(CURRENT, UnitLevel.COMMUNE, "19786")
    Agency.objects.create(
        code="000.00.46.H46",
        name="UBND phường Thuận Hóa",
        kind=AgencyKind.COMMUNE_COMMITTEE,
        level=AgencyLevel.COMMUNE,
        unit=used,
    )
    # The update renames 19777 into a xã, and drops 19786 (referenced) and 19813 (unused).
    second = _current_file(tmp_path, [(19777, "Xã Vỹ Dạ Mới", "xa_vy_da_moi")])

    kept = units_load_current(source=second)
    assert (kept.updated, kept.deleted, kept.stale) == (1, 0, 2)
    assert AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE).count() == 3

    pruned = units_load_current(source=second, prune=True)
    assert (pruned.created, pruned.updated, pruned.deleted, pruned.stale) == (0, 0, 1, 1)
    assert set(AdministrativeUnit.objects.values_list("code", flat=True)) == {
        "46",
        "19777",
        "19786",
    }
    renamed = _unit(CURRENT, UnitLevel.COMMUNE, "19777")
    assert (renamed.name, renamed.division_type, renamed.codename) == (
        "Xã Vỹ Dạ Mới",
        "xã",
        "xa_vy_da_moi",
    )
    assert Agency.objects.get().unit_id == used.pk


# --- the list before 1 July 2025 -----------------------------------------------------------------


def test_legacy_load_reads_the_060_format_and_fixes_its_types(legacy_json: Path) -> None:
    result = units_load_legacy(source=legacy_json)

    assert result.by_level == {"province": 63, "district": 3, "commune": 5}
    assert result.created == 63 + 3 + 5
    ha_giang = _unit(LEGACY, UnitLevel.PROVINCE, "02")
    assert (ha_giang.name, ha_giang.division_type) == ("Hà Giang", "tỉnh")
    hue = _unit(LEGACY, UnitLevel.PROVINCE, "46")
    assert (hue.name, hue.division_type) == ("Thành phố Huế", "thành phố trung ương")
    quan = _unit(LEGACY, UnitLevel.DISTRICT, "474")
    assert (quan.division_type, quan.parent_id) == ("quận", hue.pk)
    assert _unit(LEGACY, UnitLevel.DISTRICT, "476").division_type == "thị xã"
    vy_da = _unit(LEGACY, UnitLevel.COMMUNE, "19777")
    assert (vy_da.division_type, vy_da.parent_id) == ("phường", quan.pk)
    assert _unit(LEGACY, UnitLevel.COMMUNE, "19900").division_type == "thị trấn"
    assert vy_da.valid_to == date(2025, 6, 30)
    assert vy_da.valid_from is None
    assert not AdministrativeUnit.objects.filter(scheme=CURRENT).exists()

    again = units_load_legacy(source=legacy_json)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 63 + 3 + 5)


def test_legacy_load_reads_the_wheel_and_refuses_the_wrong_list(
    legacy_json: Path, tmp_path: Path
) -> None:
    wheel = tmp_path / LEGACY_PACKAGE.filename
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.write(legacy_json, "vietnam_provinces/data/nested-divisions.json")

    assert units_load_legacy(source=wheel).created == 63 + 3 + 5
    assert units_load_legacy(source=legacy_json).unchanged == 63 + 3 + 5

    with pytest.raises(UnitDataError):
        units_load_legacy(source=units.current_source_path())
    with pytest.raises(UnitDataError):
        units_load_current(source=legacy_json)
    with pytest.raises(UnitDataError):
        units_load_legacy(source=tmp_path / "missing.whl")


def test_legacy_province_filter_uses_old_codes(legacy_json: Path) -> None:
    assert legacy_province_codes_for("08") == ["08", "02"]
    units_load_legacy(source=legacy_json, province_codes=legacy_province_codes_for("08"))

    assert AdministrativeUnit.objects.filter(level=UnitLevel.PROVINCE).count() == 63
    assert not AdministrativeUnit.objects.filter(level=UnitLevel.COMMUNE).exists()


# --- provinces: Resolution 202/2025/QH15 ---------------------------------------------------------


def test_province_merger_table_matches_the_2025_list() -> None:
    from vietnam_provinces import Province

    entries = _mergers()["provinces"]
    package = {f"{int(p.code):02d}": p.name for p in Province.iter_all()}
    assert {e["code"] for e in entries} == set(package)
    for entry in entries:
        assert fold_name(entry["name"]) == fold_name(package[entry["code"]])
    old_codes = [old["code"] for e in entries for old in e["from"]]
    assert len(old_codes) == len(set(old_codes)) == 63
    assert sum(len(e["from"]) > 1 for e in entries) == 23
    assert sum(len(e["from"]) == 1 for e in entries) == 11
    groups = {e["code"]: {old["name"] for old in e["from"]} for e in entries}
    assert groups["08"] == {"Hà Giang", "Tuyên Quang"}
    assert groups["46"] == {"Thành phố Huế"}
    assert groups["31"] == {"Hải Dương", "Thành phố Hải Phòng"}
    assert groups["79"] == {"Bình Dương", "Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"}
    assert groups["48"] == {"Quảng Nam", "Thành phố Đà Nẵng"}
    assert groups["92"] == {"Sóc Trăng", "Hậu Giang", "Thành phố Cần Thơ"}


def test_every_old_province_maps_to_exactly_one_new_one(tmp_path: Path) -> None:
    path = tmp_path / "provinces.json"
    path.write_text(json.dumps(_legacy_data(with_hue_communes=False)), encoding="utf-8")
    units_load_current(province_code="46")
    units_load_legacy(source=path)

    result = units_link_provinces()

    assert (result.created, result.unresolved) == (63, [])
    old = AdministrativeUnit.objects.filter(scheme=LEGACY, level=UnitLevel.PROVINCE)
    new = AdministrativeUnit.objects.filter(scheme=CURRENT, level=UnitLevel.PROVINCE)
    for province in old:
        assert province.successors.count() == 1, province
    for province in new:
        assert province.predecessors.exists(), province
    succession = UnitSuccession.objects.get(predecessor__code="02", predecessor__scheme=LEGACY)
    assert (succession.basis, succession.effective_on) == (
        "Nghị quyết 202/2025/QH15",
        date(2025, 7, 1),
    )

    def current_names(code: str) -> list[str]:
        return [u.name for u in unit_current_for(_unit(LEGACY, UnitLevel.PROVINCE, code))]

    assert current_names("02") == ["Tuyên Quang"]
    assert current_names("46") == ["Thành phố Huế"]
    assert current_names("30") == ["Thành phố Hải Phòng"]
    assert current_names("49") == ["Thành phố Đà Nẵng"]
    for code in ("74", "77", "79"):
        assert current_names(code) == ["Thành phố Hồ Chí Minh"]
    for code in ("93", "94", "92"):
        assert current_names(code) == ["Thành phố Cần Thơ"]
    ha_giang = _unit(LEGACY, UnitLevel.PROVINCE, "02")
    assert unit_current_for(ha_giang, on=date(2025, 6, 30)) == [ha_giang]

    again = units_link_provinces()
    assert (again.created, again.deleted, again.unchanged) == (0, 0, 63)


# --- communes: the vietnamadminunits table -------------------------------------------------------


def _mapping_package(root: Path, *, revised: bool = False) -> Path:
    """A vietnamadminunits-shaped package: converter_2025.json plus dataset.db.

    Like the real one, it numbers the new Phường Thuận Hóa differently (19789) from the
    official list (19786) and writes "Chân Mây - Lăng Cô" with a hyphen. The `revised`
    table no longer splits Phú Hội and has no entry for Phú Bài.
    """
    data = root / "vietnamadminunits" / "data"
    data.mkdir(parents=True)
    undivided = {
        "phuongvyda": ["thanhphohue_quanthuanhoa_phuongvyda"],
        "phuongthuanhoa": ["thanhphohue_quanthuanhoa_phuongphuongduc"],
        "phuongthuanan": ["thanhphohue_quanthuanhoa_thitranthuanan"],
        "xachanmaylangco": ["thanhphohue_huyendaothu_"],
    }
    divided = {
        "thanhphohue_quanthuanhoa_phuongphuhoi": [
            {"newWardKey": "phuongthuanhoa", "isDefaultNewWard": True},
            {"newWardKey": "phuongvyda", "isDefaultNewWard": False},
        ]
    }
    if revised:
        undivided["phuongthuanhoa"].append("thanhphohue_quanthuanhoa_phuongphuhoi")
        divided = {}
    else:
        undivided["phuongphubai"] = ["thanhphohue_thixahuongthuy_phuongphubai"]
    converter = {
        "DICT_PROVINCE": {"thanhphohue": ["thanhphohue"]},
        "DICT_PROVINCE_WARD_NO_DIVIDED": {"thanhphohue": undivided},
        "DICT_PROVINCE_WARD_DIVIDED": {"thanhphohue": divided},
    }
    (data / "converter_2025.json").write_text(json.dumps(converter), encoding="utf-8")
    connection = sqlite3.connect(data / "dataset.db")
    connection.execute(
        "CREATE TABLE admin_units_legacy (provinceKey, districtKey, wardKey, provinceCode,"
        " districtCode, wardCode, ward)"
    )
    hue = ("thanhphohue", "46")
    legacy_rows = [
        ("quanthuanhoa", "phuongvyda", "474", "19777", "Phường Vỹ Dạ"),
        ("quanthuanhoa", "phuongphuongduc", "474", "19780", "Phường Phường Đúc"),
        ("quanthuanhoa", "phuongphuhoi", "474", "19786", "Phường Phú Hội"),
        ("quanthuanhoa", "thitranthuanan", "474", "19900", "Thị trấn Thuận An"),
        ("thixahuongthuy", "phuongphubai", "476", "19960", "Phường Phú Bài"),
        ("huyendaothu", None, "999", None, None),
    ]
    connection.executemany(
        "INSERT INTO admin_units_legacy VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(hue[0], d, w, hue[1], dc, wc, name) for d, w, dc, wc, name in legacy_rows],
    )
    connection.execute(
        "CREATE TABLE admin_units (provinceKey, wardKey, provinceCode, wardCode, ward)"
    )
    connection.executemany(
        "INSERT INTO admin_units VALUES (?, ?, ?, ?, ?)",
        [
            ("thanhphohue", "phuongvyda", "46", "19777", "Phường Vỹ Dạ"),
            ("thanhphohue", "phuongthuanhoa", "46", "19789", "Phường Thuận Hóa"),
            ("thanhphohue", "phuongthuanan", "46", "19900", "Phường Thuận An"),
            ("thanhphohue", "phuongphubai", "46", "19960", "Phường Phú Bài"),
            ("thanhphohue", "xachanmaylangco", "46", "20137", "Xã Chân Mây - Lăng Cô"),
        ],
    )
    connection.commit()
    connection.close()
    return root


def _successor_codes(scheme_level: str, code: str) -> set[str]:
    unit = _unit(LEGACY, scheme_level, code)
    return set(unit.successors.values_list("code", flat=True))


def test_commune_mapping_links_communes_and_districts(legacy_json: Path, tmp_path: Path) -> None:
    units_load_current(province_code="46")
    units_load_legacy(source=legacy_json)
    package = _mapping_package(tmp_path / "pkg")

    result = units_link_communes(source=package)

    assert (result.unresolved, result.skipped) == ([], 0)
    assert _successor_codes(UnitLevel.COMMUNE, "19777") == {"19777"}
    assert _successor_codes(UnitLevel.COMMUNE, "19780") == {"19786"}  # matched by name
    assert _successor_codes(UnitLevel.COMMUNE, "19786") == {"19786", "19777"}  # split
    assert _successor_codes(UnitLevel.COMMUNE, "19900") == {"19900"}
    assert _successor_codes(UnitLevel.DISTRICT, "474") == {"19777", "19786", "19900"}
    assert _successor_codes(UnitLevel.DISTRICT, "476") == {"19960"}
    assert _successor_codes(UnitLevel.DISTRICT, "999") == {"20152"}  # the island district
    assert result.created == 6 + 5
    assert UnitSuccession.objects.filter(basis=COMMUNE_MAPPING_BASIS).count() == 11
    # Vỹ Dạ, Thuận An (thị trấn → phường) and Phú Bài keep code and name: all confirmed.
    assert (result.hints_confirmed, result.hints_contradicted) == (3, 0)

    phu_hoi = _unit(LEGACY, UnitLevel.COMMUNE, "19786")
    assert [u.code for u in unit_current_for(phu_hoi)] == ["19777", "19786"]
    history = unit_history(_unit(CURRENT, UnitLevel.COMMUNE, "19786"))
    assert {(s.predecessor.level, s.predecessor.code) for s in history} == {
        ("district", "474"),
        ("commune", "19780"),
        ("commune", "19786"),
    }
    assert history[0].predecessor.level == "district"  # districts sort before communes

    again = units_link_communes(source=package)
    assert (again.created, again.updated, again.deleted, again.unchanged) == (0, 0, 0, 11)


def test_commune_mapping_update_replaces_only_its_own_rows(
    legacy_json: Path, tmp_path: Path
) -> None:
    units_load_current(province_code="46")
    units_load_legacy(source=legacy_json)
    units_link_communes(source=_mapping_package(tmp_path / "v1"))
    phu_hoi = _unit(LEGACY, UnitLevel.COMMUNE, "19786")
    manual = UnitSuccession.objects.create(
        predecessor=phu_hoi,
        successor=_unit(CURRENT, UnitLevel.COMMUNE, "19975"),
        effective_on=date(2025, 7, 1),
        basis="Nhập tay",
    )
    # The wheel form works as well as the unpacked directory.
    wheel = tmp_path / "vietnamadminunits-1.0.4-py3-none-any.whl"
    root = _mapping_package(tmp_path / "v2", revised=True)
    with zipfile.ZipFile(wheel, "w") as archive:
        for file in (root / "vietnamadminunits" / "data").iterdir():
            archive.write(file, f"vietnamadminunits/data/{file.name}")

    result = units_link_communes(source=wheel)

    # Phú Hội → Vỹ Dạ is gone from the table, so our row goes; the row entered by hand
    # stays. District 474 still reaches Vỹ Dạ through the commune Vỹ Dạ.
    assert (result.created, result.deleted) == (0, 1)
    assert _successor_codes(UnitLevel.COMMUNE, "19786") == {"19786", "19975"}
    assert UnitSuccession.objects.filter(pk=manual.pk).exists()
    assert _successor_codes(UnitLevel.DISTRICT, "474") == {"19777", "19786", "19900"}
    # A commune the table no longer mentions keeps its successions: absence is not evidence.
    assert _successor_codes(UnitLevel.COMMUNE, "19960") == {"19960"}


def test_successor_hints_need_same_code_and_folded_name(legacy_json: Path) -> None:
    units_load_current(province_code="46")
    units_load_legacy(source=legacy_json)

    hints = {(old.code, new.code) for old, new in unit_successor_hints(province_code="46")}

    # 19786 is Phú Hội before and Thuận Hóa after: same code, different name, not a hint.
    assert hints == {("19777", "19777"), ("19900", "19900"), ("19960", "19960")}
    assert not UnitSuccession.objects.exists()


def test_link_communes_needs_both_lists(tmp_path: Path) -> None:
    units_load_current(province_code="46")
    with pytest.raises(UnitDataError):
        units_link_communes(source=_mapping_package(tmp_path / "pkg"))


# --- command and download ------------------------------------------------------------------------


def test_load_units_command_prints_a_summary(legacy_json: Path, tmp_path: Path) -> None:
    out = StringIO()
    with translation.override("en"):
        call_command("load_units", "--province", "46", "--legacy", str(legacy_json), stdout=out)

    text = out.getvalue()
    assert "2025 list: 74 created" in text
    assert "List before 1 July 2025: 71 created" in text
    assert "Province mergers: 63 created" in text
    assert "Units: 145 created, 0 updated, 0 unchanged." in text

    out = StringIO()
    with translation.override("en"):
        call_command("load_units", "--province", "46", "--legacy", str(legacy_json), stdout=out)
    assert "Units: 0 created, 0 updated, 145 unchanged." in out.getvalue()

    out = StringIO()
    package = _mapping_package(tmp_path / "pkg")
    with translation.override("en"):
        call_command(
            "load_units", "--province", "46", "--commune-mapping", str(package), stdout=out
        )
    assert "Commune and district successions: 11 created" in out.getvalue()
    assert "Same code and name in both lists: 3 confirmed, 0 contradicted." in out.getvalue()

    with pytest.raises(CommandError):
        call_command("load_units", "--province", "99", stdout=StringIO())


def test_fetch_legacy_runs_pip_download_and_checks_the_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []

    def fake_run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        calls.append(command)
        (tmp_path / LEGACY_PACKAGE.filename).write_bytes(b"not the real wheel")
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(units.subprocess, "run", fake_run)

    with pytest.raises(UnitDataError):
        units_fetch_legacy(cache_dir=tmp_path)

    command = calls[0]
    assert command[1:5] == ["-m", "pip", "download", "--no-deps"]
    assert command[-1] == "vietnam-provinces==0.6.0"
    assert command[command.index("-d") + 1] == str(tmp_path)
    assert not (tmp_path / LEGACY_PACKAGE.filename).exists()
