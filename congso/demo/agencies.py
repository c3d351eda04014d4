# SPDX-License-Identifier: MIT
"""Agencies of the demo province, Thành phố Huế (province code 46), after 1 July 2025.

DEMO DATA. The agency codes below have the 13-character shape of QCVN 102:2016
(`000.00.00.H46`, DOMAIN §2.1) but they are **demo codes**: the identifiers re-issued after
the 2025 merger are not public, so they are generated here deterministically and must be
replaced by the province's official list before real use. Addresses of departments, all
phone numbers (`0234 0000 …`, deliberately unassignable) and e-mail addresses (reserved
`.example` domain) are placeholders too.

Code scheme (QCVN 102 reads `level4.level3.level2.tail`):

- `000.00.00.H46` UBND thành phố; `000.00.NN.H46` level-2 bodies (Văn phòng, Sở, Thanh tra,
  Công an, Ban quản lý), NN = 01–39;
- `000.MM.NN.H46` level-3 units under body NN (e.g. the provincial service centre under the
  Văn phòng), `LLL.MM.NN.H46` level-4 units (land-registry branches);
- communes: UBND xã/phường `000.00.CC.H46` with CC = 40–79 in the order of the statistics
  office's commune codes, and its Trung tâm Phục vụ hành chính công `000.01.CC.H46`.
"""

from __future__ import annotations

from functools import cache

from vietnam_provinces import ProvinceCode, Ward

PROVINCE_CODE = "46"
TAIL = "H46"
CITY = "thành phố Huế"
FIRST_COMMUNE_SLOT = 40


class _K:
    """`congso.core.models.AgencyKind` values, spelled out so this module needs no Django."""

    PROVINCIAL_COMMITTEE = "province_committee"
    DEPARTMENT = "department"
    PROVINCIAL_SERVICE_CENTRE = "province_centre"
    COMMUNE_COMMITTEE = "commune_committee"
    COMMUNE_SERVICE_CENTRE = "commune_centre"
    POLICE = "police"
    BRANCH = "branch"
    OTHER = "other"


# key, (level4, level3, level2), kind, name, name_en, short_name, parent key, address.
PROVINCIAL: list[tuple[str, tuple[int, int, int], str, str, str, str, str, str]] = [
    ("ubnd", (0, 0, 0), _K.PROVINCIAL_COMMITTEE, "Ủy ban nhân dân thành phố Huế",
     "Huế City People's Committee", "UBND thành phố Huế", "",
     "16 Lê Lợi, phường Thuận Hóa, thành phố Huế"),
    ("vp_ubnd", (0, 0, 1), _K.OTHER, "Văn phòng Ủy ban nhân dân thành phố Huế",
     "Office of the Huế City People's Committee", "Văn phòng UBND thành phố", "ubnd",
     "16 Lê Lợi, phường Thuận Hóa, thành phố Huế"),
    ("ttpvhcc", (0, 1, 1), _K.PROVINCIAL_SERVICE_CENTRE,
     "Trung tâm Phục vụ hành chính công thành phố Huế",
     "Huế City Public Administration Service Centre", "TTPVHCC thành phố", "vp_ubnd",
     "01 Lê Lai, phường Thuận Hóa, thành phố Huế"),
    ("so_tu_phap", (0, 0, 2), _K.DEPARTMENT, "Sở Tư pháp thành phố Huế",
     "Department of Justice", "Sở Tư pháp", "ubnd", ""),
    ("tt_tgpl", (0, 1, 2), _K.BRANCH, "Trung tâm Trợ giúp pháp lý nhà nước thành phố Huế",
     "State Legal Aid Centre", "Trung tâm TGPL", "so_tu_phap", ""),
    ("so_tai_chinh", (0, 0, 3), _K.DEPARTMENT, "Sở Tài chính thành phố Huế",
     "Department of Finance", "Sở Tài chính", "ubnd", ""),
    ("so_xay_dung", (0, 0, 4), _K.DEPARTMENT, "Sở Xây dựng thành phố Huế",
     "Department of Construction", "Sở Xây dựng", "ubnd", ""),
    ("so_nnmt", (0, 0, 5), _K.DEPARTMENT, "Sở Nông nghiệp và Môi trường thành phố Huế",
     "Department of Agriculture and Environment", "Sở Nông nghiệp và Môi trường", "ubnd", ""),
    ("vpdkdd", (0, 1, 5), _K.BRANCH, "Văn phòng Đăng ký đất đai thành phố Huế",
     "Land Registration Office", "Văn phòng Đăng ký đất đai", "so_nnmt", ""),
    ("cc_chan_nuoi_thu_y", (0, 2, 5), _K.BRANCH, "Chi cục Chăn nuôi và Thú y",
     "Sub-department of Livestock Production and Animal Health", "Chi cục Chăn nuôi và Thú y",
     "so_nnmt", ""),
    ("cc_trong_trot", (0, 3, 5), _K.BRANCH, "Chi cục Trồng trọt và Bảo vệ thực vật",
     "Sub-department of Crop Production and Plant Protection", "Chi cục Trồng trọt và BVTV",
     "so_nnmt", ""),
    ("cc_kiem_lam", (0, 4, 5), _K.BRANCH, "Chi cục Kiểm lâm", "Forest Protection Sub-department",
     "Chi cục Kiểm lâm", "so_nnmt", ""),
    ("cc_thuy_san", (0, 5, 5), _K.BRANCH, "Chi cục Thủy sản", "Fisheries Sub-department",
     "Chi cục Thủy sản", "so_nnmt", ""),
    ("so_cong_thuong", (0, 0, 6), _K.DEPARTMENT, "Sở Công Thương thành phố Huế",
     "Department of Industry and Trade", "Sở Công Thương", "ubnd", ""),
    ("so_y_te", (0, 0, 7), _K.DEPARTMENT, "Sở Y tế thành phố Huế", "Department of Health",
     "Sở Y tế", "ubnd", ""),
    ("cc_attp", (0, 1, 7), _K.BRANCH, "Chi cục An toàn vệ sinh thực phẩm",
     "Food Safety and Hygiene Sub-department", "Chi cục ATVSTP", "so_y_te", ""),
    ("so_gddt", (0, 0, 8), _K.DEPARTMENT, "Sở Giáo dục và Đào tạo thành phố Huế",
     "Department of Education and Training", "Sở Giáo dục và Đào tạo", "ubnd", ""),
    ("so_vhtt", (0, 0, 9), _K.DEPARTMENT, "Sở Văn hóa và Thể thao thành phố Huế",
     "Department of Culture and Sports", "Sở Văn hóa và Thể thao", "ubnd", ""),
    ("so_du_lich", (0, 0, 10), _K.DEPARTMENT, "Sở Du lịch thành phố Huế",
     "Department of Tourism", "Sở Du lịch", "ubnd", ""),
    ("so_khcn", (0, 0, 11), _K.DEPARTMENT, "Sở Khoa học và Công nghệ thành phố Huế",
     "Department of Science and Technology", "Sở Khoa học và Công nghệ", "ubnd", ""),
    ("so_noi_vu", (0, 0, 12), _K.DEPARTMENT, "Sở Nội vụ thành phố Huế",
     "Department of Home Affairs", "Sở Nội vụ", "ubnd", ""),
    ("tt_dvvl", (0, 1, 12), _K.BRANCH, "Trung tâm Dịch vụ việc làm thành phố Huế",
     "Employment Service Centre", "Trung tâm Dịch vụ việc làm", "so_noi_vu", ""),
    ("so_dan_toc_ton_giao", (0, 0, 13), _K.DEPARTMENT, "Sở Dân tộc và Tôn giáo thành phố Huế",
     "Department of Ethnic and Religious Affairs", "Sở Dân tộc và Tôn giáo", "ubnd", ""),
    ("thanh_tra", (0, 0, 14), _K.OTHER, "Thanh tra thành phố Huế", "Huế City Inspectorate",
     "Thanh tra thành phố", "ubnd", ""),
    ("cong_an", (0, 0, 15), _K.POLICE, "Công an thành phố Huế", "Huế City Police",
     "Công an thành phố", "", ""),
    ("pc_csgt", (0, 1, 15), _K.POLICE, "Phòng Cảnh sát giao thông – Công an thành phố Huế",
     "Traffic Police Division", "Phòng CSGT", "cong_an", ""),
    ("pc_xnc", (0, 2, 15), _K.POLICE, "Phòng Quản lý xuất nhập cảnh – Công an thành phố Huế",
     "Immigration Division", "Phòng QLXNC", "cong_an", ""),
    ("pc_qlhc", (0, 3, 15), _K.POLICE,
     "Phòng Cảnh sát quản lý hành chính về trật tự xã hội – Công an thành phố Huế",
     "Administrative Police Division for Social Order", "Phòng CSQLHC về TTXH", "cong_an", ""),
    ("pc_pccc", (0, 4, 15), _K.POLICE,
     "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ – Công an thành phố Huế",
     "Fire Prevention, Firefighting and Rescue Police Division", "Phòng Cảnh sát PCCC và CNCH",
     "cong_an", ""),
    ("bql_kkt", (0, 0, 16), _K.OTHER, "Ban Quản lý Khu kinh tế, công nghiệp thành phố Huế",
     "Huế Economic Zone and Industrial Parks Authority", "Ban Quản lý KKT, CN", "ubnd", ""),
]  # fmt: skip

# Land-registry branches by former district area (level 4 under the Land Registration Office).
LAND_BRANCH_AREAS = [
    "Phú Xuân",
    "Thuận Hóa",
    "Phong Điền",
    "Quảng Điền",
    "Hương Trà",
    "Phú Vang",
    "Hương Thủy",
    "Phú Lộc",
    "A Lưới",
    "Nam Đông",
]


def _code(level4: int, level3: int, level2: int) -> str:
    return f"{level4:03d}.{level3:02d}.{level2:02d}.{TAIL}"


def _phone(n: int) -> str:
    return f"0234 0000 {n:03d}"


def _email(slug: str) -> str:
    return f"{slug.replace('_', '.')}@demo.hue.example"


@cache
def agency_codes() -> dict[str, str]:
    """Demo code of each provincial agency by its key (e.g. `so_tu_phap`)."""
    return {key: _code(*slots) for key, slots, *_ in PROVINCIAL}


@cache
def agency_names() -> dict[str, str]:
    """Name of each provincial agency by its key."""
    return {key: name for key, _slots, _kind, name, *_ in PROVINCIAL}


@cache
def agency_addresses() -> dict[str, str]:
    """Address of each provincial agency by its key (placeholder where unknown)."""
    return {row[0]: row[7] or f"Thành phố Huế (địa chỉ demo: {row[5]})" for row in PROVINCIAL}


def _provincial() -> list[dict]:
    codes = agency_codes()
    rows = []
    for n, (key, _slots, kind, name, name_en, short, parent, _address) in enumerate(PROVINCIAL):
        rows.append(
            {
                "code": codes[key],
                "name": name,
                "name_en": name_en,
                "short_name": short,
                "kind": kind,
                "level": "province",
                "unit_code": PROVINCE_CODE,
                "parent_code": codes[parent] if parent else "",
                "address": agency_addresses()[key],
                "phone": _phone(n + 1),
                "email": _email(key),
                "is_demo": True,
            }
        )
    for n, area in enumerate(LAND_BRANCH_AREAS, start=1):
        rows.append(
            {
                "code": _code(n, 1, 5),
                "name": f"Chi nhánh Văn phòng Đăng ký đất đai khu vực {area}",
                "name_en": f"Land Registration Office – {area} branch",
                "short_name": f"Chi nhánh VPĐKĐĐ {area}",
                "kind": _K.BRANCH,
                "level": "province",
                "unit_code": PROVINCE_CODE,
                "parent_code": codes["vpdkdd"],
                "address": f"Khu vực {area}, thành phố Huế (địa chỉ demo)",
                "phone": _phone(100 + n),
                "email": _email(f"vpdkdd.{n:02d}"),
                "is_demo": True,
            }
        )
    return rows


def communes() -> list[Ward]:
    """The communes and wards of Huế in the order of their statistics-office codes."""
    return sorted(
        Ward.iter_by_province(ProvinceCode(int(PROVINCE_CODE))), key=lambda w: int(w.code)
    )


def _split_type(ward: Ward) -> tuple[str, str, str]:
    """`Phường Phú Xuân` → ("phường", "Phú Xuân", "Ward")."""
    kind = ward.division_type.value
    bare = ward.name[len(kind) :].strip() if ward.name.lower().startswith(kind) else ward.name
    english = {"phường": "Ward", "xã": "Commune", "đặc khu": "Special Zone"}.get(kind, "Commune")
    return kind, bare, english


def _commune_rows(slot: int, ward: Ward) -> list[dict]:
    kind, bare, english = _split_type(ward)
    unit_code = f"{int(ward.code):05d}"
    ubnd = _code(0, 0, slot)
    address = f"Trụ sở UBND {kind} {bare}, thành phố Huế (địa chỉ demo)"
    common = {"level": "commune", "unit_code": unit_code, "address": address, "is_demo": True}
    return [
        {
            "code": ubnd,
            "name": f"Ủy ban nhân dân {kind} {bare}",
            "name_en": f"People's Committee of {bare} {english}",
            "short_name": f"UBND {kind} {bare}",
            "kind": _K.COMMUNE_COMMITTEE,
            "parent_code": agency_codes()["ubnd"],
            "phone": _phone(200 + 2 * slot),
            "email": _email(f"ubnd.{ward.codename}"),
            **common,
        },
        {
            "code": _code(0, 1, slot),
            "name": f"Trung tâm Phục vụ hành chính công {kind} {bare}",
            "name_en": f"Public Administration Service Centre of {bare} {english}",
            "short_name": f"TTPVHCC {kind} {bare}",
            "kind": _K.COMMUNE_SERVICE_CENTRE,
            "parent_code": ubnd,
            "phone": _phone(201 + 2 * slot),
            "email": _email(f"ttpvhcc.{ward.codename}"),
            **common,
        },
    ]


def demo_agencies() -> list[dict]:
    """Every demo agency of Huế as a plain dict, `is_demo: True` (module docstring: DEMO codes).

    Keys: code, name, name_en, short_name, kind (an `AgencyKind` value), level, unit_code,
    parent_code, address, phone, email, is_demo. Parents come before their children.
    """
    rows = _provincial()
    for offset, ward in enumerate(communes()):
        rows.extend(_commune_rows(FIRST_COMMUNE_SLOT + offset, ward))
    return rows
