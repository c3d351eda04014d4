# SPDX-License-Identifier: MIT
"""DEMO DATA: online application forms (tờ khai) for a few common procedures of the demo catalog.

The questions follow the published paper forms (Thông tư 04/2020/TT-BTP for civil status,
mẫu CT01 for residence, the household-business and construction-permit application forms),
shortened for the demo; they are examples, not the official templates. Every other online
procedure gets `default_form_schema(name)`: who asks, what they ask, how they want the result.

Keys are procedure codes of `congso.demo.catalog_data`. Each definition is in the subset of
`congso.catalog.formschema`, with `x-order` written out so it survives a PostgreSQL jsonb
column.
"""

from __future__ import annotations

import copy
from typing import Any

from congso.catalog.formschema import schema_with_order
from congso.core.text import nfc

#: These forms are demo data, not official templates.
IS_DEMO = True

Schema = dict[str, Any]
Option = tuple[str, str, str]  # value, Vietnamese title, English title


# --- builders ----------------------------------------------------------------------------------


def _hint(vi: str, en: str) -> Schema:
    return {"description": vi, "x-description-en": en}


def text(title: str, en: str, *, max_length: int = 255, **extra: Any) -> Schema:
    return {"type": "string", "title": title, "x-title-en": en, "maxLength": max_length, **extra}


def long_text(title: str, en: str, *, max_length: int = 2000, **extra: Any) -> Schema:
    return text(title, en, max_length=max_length, **{"x-widget": "textarea", **extra})


def date(title: str, en: str, **extra: Any) -> Schema:
    return {"type": "string", "format": "date", "title": title, "x-title-en": en, **extra}


def formatted(fmt: str, title: str, en: str, **extra: Any) -> Schema:
    return {"type": "string", "format": fmt, "title": title, "x-title-en": en, **extra}


def integer(title: str, en: str, minimum: int, maximum: int, **extra: Any) -> Schema:
    return {
        "type": "integer",
        "title": title,
        "x-title-en": en,
        "minimum": minimum,
        "maximum": maximum,
        **extra,
    }


def number(title: str, en: str, minimum: float, maximum: float, **extra: Any) -> Schema:
    return {
        **integer(title, en, 0, 0),
        "type": "number",
        "minimum": minimum,
        "maximum": maximum,
        **extra,
    }


def choice(title: str, en: str, options: list[Option], **extra: Any) -> Schema:
    return {
        "type": "string",
        "title": title,
        "x-title-en": en,
        "enum": [value for value, _vi, _en in options],
        "x-enum-titles": [vi for _value, vi, _en in options],
        "x-enum-titles-en": [english for _value, _vi, english in options],
        **extra,
    }


def choices(title: str, en: str, options: list[Option], **extra: Any) -> Schema:
    items = choice("", "", options)
    return {
        "type": "array",
        "title": title,
        "x-title-en": en,
        "items": {key: items[key] for key in ("type", "enum", "x-enum-titles", "x-enum-titles-en")},
        **extra,
    }


def declaration(title: str, en: str) -> Schema:
    return {"type": "boolean", "const": True, "title": title, "x-title-en": en}


def group(
    title: str,
    en: str,
    fields: Schema,
    *,
    required: list[str] | None = None,
    description: tuple[str, str] | None = None,
) -> Schema:
    node: Schema = {"type": "object", "title": title, "x-title-en": en}
    if description:
        node.update(_hint(*description))
    node["properties"] = fields
    node["required"] = list(fields) if required is None else required
    return node


def form(title: str, en: str, groups: Schema) -> Schema:
    return schema_with_order(
        {
            "type": "object",
            "title": title,
            "x-title-en": en,
            "properties": groups,
            "required": list(groups),
        }
    )


# --- shared groups -----------------------------------------------------------------------------

RELATIONSHIPS: list[Option] = [
    ("father", "Cha", "Father"),
    ("mother", "Mẹ", "Mother"),
    ("grandparent", "Ông, bà", "Grandparent"),
    ("relative", "Người thân thích khác", "Other relative"),
    ("authorised", "Người được ủy quyền", "Authorised person"),
    ("guardian", "Người giám hộ", "Guardian"),
]
SEXES: list[Option] = [("male", "Nam", "Male"), ("female", "Nữ", "Female")]
DELIVERY_METHODS: list[Option] = [
    ("desk", "Nhận trực tiếp tại Bộ phận Một cửa", "At the one-stop desk"),
    ("postal", "Qua dịch vụ bưu chính công ích", "By public postal service"),
    (
        "online",
        "Nhận bản điện tử trên Cổng Dịch vụ công",
        "As an electronic copy on the public service portal",
    ),
]


def applicant_fields(*, title: str = "Họ, chữ đệm và tên", en: str = "Full name") -> Schema:
    """Who files the dossier, prefilled from the citizen's profile."""
    return {
        "full_name": text(title, en, max_length=100, **{"x-prefill": "citizen.full_name"}),
        "citizen_id": formatted(
            "citizen-id",
            "Số định danh cá nhân",
            "Personal identification number",
            **{"x-prefill": "citizen.citizen_id"},
            **_hint(
                "12 chữ số in trên thẻ căn cước hoặc căn cước công dân.",
                "The 12 digits printed on the identity card.",
            ),
        ),
        "date_of_birth": date(
            "Ngày, tháng, năm sinh",
            "Date of birth",
            **{"x-prefill": "citizen.date_of_birth", "x-date-max": "today"},
        ),
        "phone": formatted(
            "phone-vn",
            "Số điện thoại",
            "Phone number",
            **{"x-prefill": "citizen.phone"},
            **_hint(
                "Để nhận tin nhắn về tình trạng hồ sơ, ví dụ 0912 345 678.",
                "For text messages about the dossier, e.g. 0912 345 678.",
            ),
        ),
        "email": formatted(
            "email", "Thư điện tử", "E-mail", **{"x-prefill": "citizen.email", "maxLength": 254}
        ),
        "address": text(
            "Nơi cư trú",
            "Place of residence",
            **{"x-prefill": "citizen.address"},
            **_hint(
                "Số nhà, đường, thôn (tổ dân phố), xã (phường), tỉnh (thành phố).",
                "House number, street, hamlet, commune or ward, province or city.",
            ),
        ),
    }


APPLICANT_REQUIRED = ["full_name", "citizen_id", "date_of_birth", "phone", "address"]


def applicant_group(
    title: str = "Người yêu cầu", en: str = "Applicant", *, extra: Schema | None = None
) -> Schema:
    fields = {**applicant_fields(), **(extra or {})}
    required = [*APPLICANT_REQUIRED, *(extra or {})]
    return group(title, en, fields, required=required)


def delivery_group(
    *,
    extra: Schema | None = None,
    extra_required: list[str] | None = None,
    title: tuple[str, str] = ("Nhận kết quả", "Receiving the result"),
) -> Schema:
    fields = {
        "method": choice("Hình thức nhận kết quả", "How to receive the result", DELIVERY_METHODS),
        "postal_address": long_text(
            "Địa chỉ nhận kết quả qua bưu chính",
            "Address for delivery by post",
            max_length=500,
            **_hint(
                "Chỉ điền khi chọn nhận qua bưu chính; để trống nếu trùng nơi cư trú.",
                "Only when you chose delivery by post; leave empty to use your residence.",
            ),
        ),
        **(extra or {}),
    }
    return group(*title, fields, required=["method", *(extra_required or [])])


WITH_DECLARATION = ("Nhận kết quả và cam đoan", "Result and declaration")
DECLARATION = declaration(
    "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp "
    "luật về lời cam đoan của mình.",
    "I declare that the above is true and I am responsible before the law for this declaration.",
)


# --- the forms ---------------------------------------------------------------------------------


def _person(prefix: str, who: str, who_en: str) -> Schema:
    """Name, birth date, ethnicity, nationality, ID and residence of a parent."""
    return {
        f"{prefix}_name": text(
            f"Họ, chữ đệm và tên {who}", f"{who_en}'s full name", max_length=100
        ),
        f"{prefix}_date_of_birth": date(
            f"Ngày, tháng, năm sinh của {who}",
            f"{who_en}'s date of birth",
            **{"x-date-max": "today"},
        ),
        f"{prefix}_ethnicity": text("Dân tộc", "Ethnic group", max_length=50),
        f"{prefix}_nationality": text("Quốc tịch", "Nationality", max_length=50),
        f"{prefix}_citizen_id": formatted(
            "citizen-id", f"Số định danh cá nhân của {who}", f"{who_en}'s identification number"
        ),
        f"{prefix}_residence": text(f"Nơi cư trú của {who}", f"{who_en}'s place of residence"),
    }


BIRTH_REGISTRATION = form(
    "Tờ khai đăng ký khai sinh",
    "Birth registration form",
    {
        "applicant": applicant_group(
            extra={
                "relationship": choice(
                    "Quan hệ với người được khai sinh",
                    "Relationship to the child",
                    RELATIONSHIPS,
                    **{"x-widget": "radio"},
                )
            }
        ),
        "child": group(
            "Thông tin người được khai sinh",
            "The child",
            {
                "full_name": text("Họ, chữ đệm và tên", "Full name", max_length=100),
                "sex": choice("Giới tính", "Sex", SEXES),
                "date_of_birth": date(
                    "Ngày, tháng, năm sinh", "Date of birth", **{"x-date-max": "today"}
                ),
                "place_of_birth": text(
                    "Nơi sinh",
                    "Place of birth",
                    **_hint(
                        "Tên cơ sở y tế, hoặc địa chỉ nơi sinh nếu sinh ngoài cơ sở y tế.",
                        "The hospital or clinic, or the address when born elsewhere.",
                    ),
                ),
                "ethnicity": text("Dân tộc", "Ethnic group", max_length=50),
                "nationality": text("Quốc tịch", "Nationality", max_length=50),
                "home_town": text("Quê quán", "Home town"),
            },
        ),
        "parents": group(
            "Thông tin cha, mẹ",
            "Parents",
            {**_person("mother", "mẹ", "Mother"), **_person("father", "cha", "Father")},
            required=["mother_name", "mother_date_of_birth", "mother_nationality"],
            description=(
                "Để trống phần thông tin người cha nếu chưa xác định được cha.",
                "Leave the father's details empty when the father is not established.",
            ),
        ),
        "delivery": delivery_group(
            extra={
                "extract_copies": integer(
                    "Số bản sao Giấy khai sinh đề nghị cấp",
                    "Certified copies of the birth certificate wanted",
                    0,
                    10,
                ),
                "declaration": DECLARATION,
            },
            extra_required=["extract_copies"],
            title=WITH_DECLARATION,
        ),
    },
)

RESIDENCE_BASES: list[Option] = [
    ("owned", "Chỗ ở hợp pháp thuộc quyền sở hữu của mình", "A home I own"),
    (
        "family",
        "Về ở với vợ, chồng, cha, mẹ, con hoặc người thân (được chủ hộ đồng ý)",
        "Living with a spouse, parent, child or relative (with the household head's consent)",
    ),
    ("rented", "Thuê, mượn, ở nhờ chỗ ở hợp pháp", "A rented or lent home"),
    ("religious", "Cơ sở tín ngưỡng, cơ sở tôn giáo", "A religious establishment"),
    ("other", "Trường hợp khác", "Other"),
]

PERMANENT_RESIDENCE = form(
    "Tờ khai thay đổi thông tin cư trú (đăng ký thường trú)",
    "Residence information form (permanent residence registration)",
    {
        "applicant": applicant_group(),
        "request": group(
            "Nội dung đề nghị",
            "What you ask for",
            {
                "new_address": text(
                    "Địa chỉ đề nghị đăng ký thường trú", "Address of the permanent residence"
                ),
                "basis": choice(
                    "Chỗ ở hợp pháp",
                    "Legal basis for living there",
                    RESIDENCE_BASES,
                    **{"x-widget": "radio"},
                ),
                "household_head_name": text(
                    "Họ, chữ đệm và tên chủ hộ", "Household head's full name", max_length=100
                ),
                "household_head_citizen_id": formatted(
                    "citizen-id", "Số định danh cá nhân của chủ hộ", "Household head's ID number"
                ),
                "relation_to_head": text(
                    "Quan hệ với chủ hộ", "Relationship to the household head", max_length=50
                ),
                "moving_members": long_text(
                    "Những thành viên trong hộ gia đình cùng thay đổi",
                    "Household members moving with you",
                    max_length=2000,
                    **_hint(
                        "Mỗi người một dòng: họ tên, ngày sinh, số định danh cá nhân, quan hệ.",
                        "One person per line: name, date of birth, ID number, relationship.",
                    ),
                ),
                "move_in_date": date("Ngày chuyển đến", "Date of moving in"),
            },
            required=["new_address", "basis"],
        ),
        "delivery": delivery_group(extra={"declaration": DECLARATION}, title=WITH_DECLARATION),
    },
)

HOUSEHOLD_BUSINESS = form(
    "Giấy đề nghị đăng ký hộ kinh doanh",
    "Household business registration application",
    {
        "owner": applicant_group(
            "Chủ hộ kinh doanh",
            "Owner of the household business",
            extra={"sex": choice("Giới tính", "Sex", SEXES)},
        ),
        "business": group(
            "Thông tin hộ kinh doanh",
            "The household business",
            {
                "name": text(
                    "Tên hộ kinh doanh",
                    "Business name",
                    max_length=200,
                    **_hint(
                        "Gồm cụm từ “Hộ kinh doanh” và tên riêng, "
                        "ví dụ: Hộ kinh doanh Bún bò Mệ Lan.",
                        "“Hộ kinh doanh” followed by a name, e.g. Hộ kinh doanh Bún bò Mệ Lan.",
                    ),
                ),
                "address": text("Địa điểm kinh doanh", "Business address"),
                "phone": formatted("phone-vn", "Điện thoại", "Phone number"),
                "email": formatted("email", "Thư điện tử", "E-mail", maxLength=254),
                "business_lines": long_text(
                    "Ngành, nghề kinh doanh",
                    "Lines of business",
                    max_length=2000,
                    **_hint("Mỗi ngành nghề một dòng.", "One line of business per line."),
                ),
                "capital": integer(
                    "Vốn kinh doanh (đồng)",
                    "Capital (VND)",
                    0,
                    100_000_000_000,
                    **_hint("Chỉ ghi số, ví dụ 50000000.", "Digits only, e.g. 50000000."),
                ),
                "employees": integer("Số lượng lao động", "Number of workers", 0, 1000),
            },
            required=["name", "address", "business_lines", "capital"],
        ),
        "delivery": delivery_group(extra={"declaration": DECLARATION}, title=WITH_DECLARATION),
    },
)

CERTIFIED_COPY = form(
    "Phiếu yêu cầu chứng thực bản sao từ bản chính",
    "Request for certified copies from the original",
    {
        "applicant": applicant_group(),
        "document": group(
            "Giấy tờ cần chứng thực",
            "The document to certify",
            {
                "document_name": text(
                    "Tên giấy tờ, văn bản",
                    "Name of the document",
                    **_hint(
                        "Ví dụ: Bằng tốt nghiệp trung học phổ thông.",
                        "For example: upper-secondary school diploma.",
                    ),
                ),
                "issuer": text("Cơ quan, tổ chức cấp", "Issued by"),
                "issued_on": date("Ngày cấp", "Date of issue", **{"x-date-max": "today"}),
                "pages": integer("Số trang của bản chính", "Pages of the original", 1, 500),
                "copies": integer("Số bản sao cần chứng thực", "Certified copies wanted", 1, 50),
                "purpose": long_text("Mục đích sử dụng", "What the copies are for", max_length=500),
            },
            required=["document_name", "issuer", "pages", "copies"],
            description=(
                "Mang bản chính đến khi nhận kết quả để đối chiếu.",
                "Bring the original when you collect the copies, to be compared.",
            ),
        ),
        "delivery": delivery_group(),
    },
)

LAND_INFORMATION: list[Option] = [
    ("parcel", "Thông tin thửa đất", "Land parcel details"),
    ("user", "Thông tin người sử dụng đất, chủ sở hữu tài sản", "Land user and owner details"),
    ("rights", "Tình trạng pháp lý, quyền sử dụng đất", "Legal status and land-use rights"),
    ("assets", "Tài sản gắn liền với đất", "Assets attached to the land"),
    ("history", "Lịch sử biến động", "History of changes"),
    ("price", "Giá đất", "Land price"),
    ("planning", "Quy hoạch, kế hoạch sử dụng đất", "Land-use plans"),
    ("map_extract", "Trích lục bản đồ địa chính", "Cadastral map extract"),
]
PARCEL_NUMBER = {"pattern": "^[0-9]{1,6}$"} | _hint("Chỉ ghi số.", "Digits only.")

LAND_DATA = form(
    "Phiếu yêu cầu cung cấp thông tin, dữ liệu đất đai",
    "Request for land information and data",
    {
        "applicant": applicant_group(
            extra={
                "organisation_name": text(
                    "Tên tổ chức (nếu yêu cầu thay mặt tổ chức)",
                    "Organisation (when asking on its behalf)",
                    **{"x-prefill": "organisation.name"},
                ),
                "organisation_tax_code": formatted(
                    "tax-code",
                    "Mã số thuế của tổ chức",
                    "Organisation's tax code",
                    **{"x-prefill": "organisation.tax_code"},
                ),
            }
        )
        | {"required": APPLICANT_REQUIRED},
        "parcel": group(
            "Thửa đất cần cung cấp thông tin",
            "The land parcel",
            {
                "map_sheet": text(
                    "Tờ bản đồ số", "Map sheet number", max_length=6, **PARCEL_NUMBER
                ),
                "parcel_number": text(
                    "Thửa đất số", "Parcel number", max_length=6, **PARCEL_NUMBER
                ),
                "parcel_address": text("Địa chỉ thửa đất", "Address of the parcel"),
                "certificate_number": text(
                    "Số phát hành Giấy chứng nhận (nếu có)",
                    "Certificate serial number (if any)",
                    max_length=20,
                ),
            },
            required=["map_sheet", "parcel_number", "parcel_address"],
        ),
        "request": group(
            "Nội dung yêu cầu",
            "What you ask for",
            {
                "information": choices(
                    "Thông tin, dữ liệu cần cung cấp",
                    "Information wanted",
                    LAND_INFORMATION,
                    minItems=1,
                ),
                "purpose": long_text("Mục đích sử dụng", "What it is for", max_length=1000),
                "medium": choice(
                    "Hình thức cung cấp",
                    "Form of the answer",
                    [
                        ("paper", "Bản giấy", "On paper"),
                        ("electronic", "Bản điện tử", "Electronic"),
                    ],
                ),
                "copies": integer("Số bản", "Copies", 1, 10),
            },
        ),
        "delivery": delivery_group(),
    },
)

CONSTRUCTION_PERMIT = form(
    "Đơn đề nghị cấp giấy phép xây dựng (nhà ở riêng lẻ)",
    "Application for a building permit (detached house)",
    {
        "investor": applicant_group("Chủ đầu tư", "Owner (investor)"),
        "site": group(
            "Địa điểm xây dựng",
            "Building site",
            {
                "parcel_number": text(
                    "Lô đất (thửa đất) số", "Parcel number", max_length=6, **PARCEL_NUMBER
                ),
                "map_sheet": text(
                    "Tờ bản đồ số", "Map sheet number", max_length=6, **PARCEL_NUMBER
                ),
                "land_area": number("Diện tích lô đất (m²)", "Plot area (m²)", 1, 100_000),
                "address": text("Địa chỉ công trình", "Site address"),
                "land_certificate": text(
                    "Số Giấy chứng nhận quyền sử dụng đất",
                    "Land-use right certificate number",
                    max_length=30,
                ),
            },
        ),
        "works": group(
            "Nội dung đề nghị cấp phép",
            "The house to build",
            {
                "footprint": number(
                    "Diện tích xây dựng tầng 1 (m²)", "Ground-floor area (m²)", 1, 100_000
                ),
                "floor_area": number(
                    "Tổng diện tích sàn (m²)", "Total floor area (m²)", 1, 1_000_000
                ),
                "height": number("Chiều cao công trình (m)", "Height (m)", 1, 150),
                "floors": integer("Số tầng", "Number of storeys", 1, 20),
                "basement": {
                    "type": "boolean",
                    "title": "Có tầng hầm",
                    "x-title-en": "With a basement",
                },
                "designer": text(
                    "Đơn vị hoặc cá nhân thiết kế", "Designer (firm or person)", max_length=200
                ),
                "designer_certificate": text(
                    "Số chứng chỉ hành nghề của chủ nhiệm thiết kế",
                    "Lead designer's practising certificate",
                    max_length=30,
                ),
                "duration_months": integer(
                    "Dự kiến thời gian hoàn thành (tháng)", "Expected duration (months)", 1, 60
                ),
            },
            required=["footprint", "floor_area", "height", "floors", "duration_months"],
        ),
        "delivery": delivery_group(
            extra={
                "commitment": declaration(
                    "Tôi xin cam kết làm theo đúng giấy phép được cấp, nếu sai tôi xin hoàn toàn "
                    "chịu trách nhiệm và bị xử lý theo quy định của pháp luật.",
                    "I undertake to build as the permit allows, and accept full responsibility "
                    "and the penalties of the law otherwise.",
                )
            },
            title=WITH_DECLARATION,
        ),
    },
)

MARITAL_STATUS = form(
    "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân",
    "Application for a certificate of marital status",
    {
        "applicant": applicant_group(
            extra={
                "status": choice(
                    "Tình trạng hôn nhân hiện nay",
                    "Current marital status",
                    [
                        ("single", "Chưa đăng ký kết hôn với ai", "Never married"),
                        ("married", "Đang có vợ/chồng", "Married"),
                        ("divorced", "Đã ly hôn", "Divorced"),
                        ("widowed", "Vợ/chồng đã chết", "Widowed"),
                    ],
                )
            }
        ),
        "request": group(
            "Nội dung yêu cầu",
            "What you ask for",
            {
                "purpose": long_text(
                    "Mục đích sử dụng Giấy xác nhận",
                    "What the certificate is for",
                    max_length=500,
                    **_hint(
                        "Ví dụ: để đăng ký kết hôn với bà Nguyễn Thị A tại UBND phường X.",
                        "For example: to marry Ms Nguyễn Thị A at the People's Committee of X.",
                    ),
                ),
                "copies": integer("Số bản đề nghị cấp", "Copies wanted", 1, 5),
            },
        ),
        "delivery": delivery_group(extra={"declaration": DECLARATION}, title=WITH_DECLARATION),
    },
)

#: Procedure code (demo catalog) → form definition.
DEMO_FORM_SCHEMAS: dict[str, Schema] = {
    "2.001001": BIRTH_REGISTRATION,  # Đăng ký khai sinh
    "2.001025": MARITAL_STATUS,  # Cấp Giấy xác nhận tình trạng hôn nhân
    "2.002001": CERTIFIED_COPY,  # Chứng thực bản sao từ bản chính (giấy tờ Việt Nam cấp)
    "2.011001": CONSTRUCTION_PERMIT,  # Cấp giấy phép xây dựng nhà ở riêng lẻ
    "2.017001": HOUSEHOLD_BUSINESS,  # Đăng ký thành lập hộ kinh doanh
    "2.036001": PERMANENT_RESIDENCE,  # Đăng ký thường trú
    "1.027017": LAND_DATA,  # Cung cấp thông tin, dữ liệu đất đai
}


def default_form_schema(procedure_name: str) -> Schema:
    """The generic form of an online procedure that has none of its own."""
    name = " ".join(nfc(procedure_name).split())
    return form(
        f"Tờ khai: {name}",
        f"Application: {name}",
        {
            "applicant": applicant_group(),
            "request": group(
                "Nội dung yêu cầu",
                "What you ask for",
                {
                    "content": long_text(
                        "Nội dung yêu cầu giải quyết",
                        "What you ask the agency to do",
                        max_length=4000,
                        **_hint(
                            f"Trình bày ngắn gọn yêu cầu của bạn về thủ tục “{name}”.",
                            f"Briefly describe your request for the procedure “{name}”.",
                        ),
                    ),
                },
            ),
            "delivery": delivery_group(),
        },
    )


def demo_form_schema_for(code: str, procedure_name: str) -> Schema:
    """The demo form of a procedure: its own when it has one, the generic one otherwise."""
    own = DEMO_FORM_SCHEMAS.get(code)
    return copy.deepcopy(own) if own else default_form_schema(procedure_name)
