# SPDX-License-Identifier: MIT
"""Procedure forms as data: definition checks, pages, prefill, parsing, validation, HTML.

No database: profiles are unsaved model instances. The Vietnamese catalog does not have the
new messages yet, so messages are asserted in English and, in Vietnamese, by key and title.
"""

from __future__ import annotations

import copy
import datetime as dt
import unicodedata
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.utils import translation

from congso.accounts.models import Citizen, Organisation
from congso.catalog.formschema import (
    NON_FIELD_KEY,
    form_group,
    form_groups,
    form_parse_group,
    form_prefill,
    form_summary,
    form_validate,
    render_group,
    schema_check,
    schema_validate_definition,
    schema_with_order,
)
from congso.core.exceptions import InvalidInputError
from congso.core.models import AdministrativeUnit

VALID_ID = "001090012345"  # Hà Nội, male, born 1990
VALID_ID_2 = "046195000123"  # Thừa Thiên Huế, female, born 1995
VALID_TAX_CODE = "0100109106"


def make_schema() -> dict:
    """A form with one question of every supported kind."""
    return {
        "type": "object",
        "title": "Tờ khai thử",
        "properties": {
            "applicant": {
                "type": "object",
                "title": "Người yêu cầu",
                "x-title-en": "Applicant",
                "description": "Thông tin về bạn.",
                "x-description-en": "About you.",
                "properties": {
                    "full_name": {
                        "type": "string",
                        "title": "Họ và tên",
                        "x-title-en": "Full name",
                        "maxLength": 100,
                        "x-prefill": "citizen.full_name",
                    },
                    "citizen_id": {
                        "type": "string",
                        "title": "Số định danh cá nhân",
                        "x-title-en": "Personal ID number",
                        "format": "citizen-id",
                        "x-prefill": "citizen.citizen_id",
                    },
                    "date_of_birth": {
                        "type": "string",
                        "format": "date",
                        "title": "Ngày sinh",
                        "x-title-en": "Date of birth",
                        "x-date-max": "today",
                        "x-prefill": "citizen.date_of_birth",
                    },
                    "phone": {
                        "type": "string",
                        "format": "phone-vn",
                        "title": "Số điện thoại",
                        "x-title-en": "Phone",
                        "description": "Ví dụ 0912 345 678.",
                        "x-prefill": "citizen.phone",
                    },
                    "email": {
                        "type": "string",
                        "format": "email",
                        "title": "Thư điện tử",
                        "x-title-en": "E-mail",
                        "x-prefill": "citizen.email",
                    },
                    "address": {
                        "type": "string",
                        "title": "Nơi cư trú",
                        "x-title-en": "Residence",
                        "x-prefill": "citizen.address",
                    },
                    "sex": {
                        "type": "string",
                        "title": "Giới tính",
                        "x-title-en": "Sex",
                        "enum": ["male", "female"],
                        "x-enum-titles": ["Nam", "Nữ"],
                        "x-enum-titles-en": ["Male", "Female"],
                    },
                },
                "required": ["full_name", "citizen_id", "date_of_birth", "phone"],
            },
            "request": {
                "type": "object",
                "title": "Nội dung yêu cầu",
                "x-title-en": "Request",
                "properties": {
                    "content": {
                        "type": "string",
                        "title": "Nội dung",
                        "x-title-en": "Content",
                        "x-widget": "textarea",
                        "maxLength": 500,
                        "minLength": 5,
                    },
                    "copies": {
                        "type": "integer",
                        "title": "Số bản",
                        "x-title-en": "Copies",
                        "minimum": 1,
                        "maximum": 10,
                    },
                    "area": {
                        "type": "number",
                        "title": "Diện tích (m²)",
                        "x-title-en": "Area (m²)",
                        "minimum": 0.5,
                        "maximum": 10000,
                    },
                    "urgent": {"type": "boolean", "title": "Cần gấp", "x-title-en": "Urgent"},
                    "kinds": {
                        "type": "array",
                        "title": "Loại thông tin",
                        "x-title-en": "Kinds of information",
                        "items": {
                            "type": "string",
                            "enum": ["parcel", "owner", "price"],
                            "x-enum-titles": ["Thửa đất", "Người sử dụng", "Giá đất"],
                            "x-enum-titles-en": ["Parcel", "Owner", "Price"],
                        },
                        "minItems": 1,
                    },
                    "province": {
                        "type": "string",
                        "title": "Tỉnh",
                        "x-title-en": "Province",
                        "enum": ["hue", "hanoi", "hcm", "danang", "cantho", "haiphong"],
                        "x-enum-titles": [
                            "Huế",
                            "Hà Nội",
                            "Hồ Chí Minh",
                            "Đà Nẵng",
                            "Cần Thơ",
                            "Hải Phòng",
                        ],
                    },
                    "map_sheet": {
                        "type": "string",
                        "title": "Tờ bản đồ số",
                        "x-title-en": "Map sheet",
                        "pattern": "^[0-9]{1,4}$",
                        "x-pattern-message": "chỉ ghi số.",
                        "x-pattern-message-en": "digits only.",
                        "maxLength": 4,
                    },
                    "tax_code": {
                        "type": "string",
                        "title": "Mã số thuế",
                        "x-title-en": "Tax code",
                        "format": "tax-code",
                        "x-prefill": "organisation.tax_code",
                    },
                    "organisation": {
                        "type": "string",
                        "title": "Tổ chức",
                        "x-title-en": "Organisation",
                        "x-prefill": "organisation.name",
                    },
                    "agree": {
                        "type": "boolean",
                        "const": True,
                        "title": "Tôi cam đoan",
                        "x-title-en": "I declare",
                    },
                },
                "required": ["content", "copies", "kinds"],
            },
        },
        "required": ["applicant", "request"],
    }


@pytest.fixture
def schema() -> dict:
    return make_schema()


def post(**fields: object) -> QueryDict:
    """A POST body: post(**{"applicant.full_name": "An"}); lists give repeated keys."""
    return QueryDict(urlencode(fields, doseq=True))


def valid_data() -> dict:
    return {
        "applicant": {
            "full_name": "Nguyễn Văn An",
            "citizen_id": VALID_ID,
            "date_of_birth": "1990-05-17",
            "phone": "+84912345678",
            "email": "an@example.vn",
            "sex": "male",
        },
        "request": {
            "content": "Xin cấp bản sao.",
            "copies": 2,
            "area": 120.5,
            "urgent": False,
            "kinds": ["parcel"],
            "agree": True,
        },
    }


def citizen() -> Citizen:
    province = AdministrativeUnit(name="Thành phố Huế", level="province", code="46")
    ward = AdministrativeUnit(name="Phường Thuận Hóa", level="commune", code="19999")
    ward.parent = province
    return Citizen(
        full_name="Nguyễn Văn An",
        citizen_id=VALID_ID,
        date_of_birth=dt.date(1990, 5, 17),
        phone="+84912345678",
        email="",
        address_line="12 Lê Lợi",
        address_unit=ward,
    )


# --- the definition ----------------------------------------------------------------------------


def test_a_well_formed_definition_has_no_problems(schema):
    assert schema_check(schema) == []
    schema_validate_definition(schema)


@pytest.mark.parametrize("value", [None, [], "form", 3])
def test_a_definition_must_be_an_object(value):
    assert schema_check(value)
    with pytest.raises(InvalidInputError):
        schema_validate_definition(value)


def _break(schema: dict, path: list[str], key: str, value: object) -> dict:
    node = schema
    for part in path:
        node = node["properties"][part]
    if value is None:
        del node[key]
    else:
        node[key] = value
    return schema


UNSUPPORTED = [
    ([], "type", "array", "type"),
    ([], "oneOf", [{"type": "object"}], "oneOf"),
    ([], "additionalProperties", True, "additionalProperties"),
    ([], "x-order", ["request"], "x-order"),
    ([], "required", ["applicant", "ghost"], "ghost"),
    (["applicant"], "allOf", [], "allOf"),
    (["applicant"], "title", None, "title"),
    (["applicant"], "required", ["full_name", "nobody"], "nobody"),
    (["applicant"], "if", {"properties": {}}, "if"),
    (["applicant", "full_name"], "$ref", "#/x", "$ref"),
    (["applicant", "full_name"], "maxLength", 0, "maxLength"),
    (["applicant", "full_name"], "maxLength", 50_000, "maxLength"),
    (["applicant", "full_name"], "minLength", 200, "minLength"),
    (["applicant", "full_name"], "format", "uri", "uri"),
    (["applicant", "full_name"], "pattern", "([a-z", "pattern"),
    (["applicant", "full_name"], "x-pattern-message", "hmm", "x-pattern-message"),
    (["applicant", "full_name"], "x-widget", "slider", "x-widget"),
    (["applicant", "full_name"], "x-widget", "radio", "enum"),
    (["applicant", "full_name"], "x-prefill", "citizen.password", "x-prefill"),
    (["applicant", "full_name"], "x-prefill", "citizen.date_of_birth", "date"),
    (["applicant", "full_name"], "title", "", "title"),
    (["applicant", "full_name"], "x-autocomplete", "<script>", "x-autocomplete"),
    (["applicant", "full_name"], "default", "An", "default"),
    (["applicant", "full_name"], "x-date-max", "today", "x-date-max"),
    (["applicant", "date_of_birth"], "x-date-max", "yesterday", "x-date-max"),
    (["applicant", "sex"], "enum", ["male", "male"], "enum"),
    (["applicant", "sex"], "x-enum-titles", ["Nam"], "x-enum-titles"),
    (["applicant", "sex"], "format", "email", "enum"),
    (["request", "copies"], "exclusiveMinimum", 0, "exclusiveMinimum"),
    (["request", "copies"], "minimum", 1.5, "minimum"),
    (["request", "copies"], "maximum", 0, "minimum"),
    (["request", "agree"], "const", False, "const"),
    (["request", "kinds"], "items", {"type": "string"}, "items"),
    (["request", "kinds"], "uniqueItems", False, "uniqueItems"),
    (["request", "kinds"], "type", "null", "type"),
    (["request", "kinds"], "type", "object", "group"),
]


@pytest.mark.parametrize(("path", "key", "value", "mentioned"), UNSUPPORTED)
def test_unsupported_constructs_are_reported(schema, path, key, value, mentioned):
    with translation.override("en"):
        problems = schema_check(_break(schema, path, key, value))
    assert problems, (path, key, value)
    assert any(mentioned in problem for problem in problems), problems
    if len(path) == 2:
        assert any(problem.startswith(".".join(path)) for problem in problems), problems


def test_keys_must_be_plain_identifiers(schema):
    schema["properties"]["applicant"]["properties"]["Họ tên"] = {"type": "string", "title": "x"}
    schema["properties"]["1st"] = schema["properties"].pop("request")
    schema["required"] = ["applicant"]
    with translation.override("en"):
        problems = schema_check(schema)
    assert any("'Họ tên'" in problem for problem in problems)
    assert any("'1st'" in problem for problem in problems)


def test_the_json_schema_meta_schema_is_applied_too(schema):
    schema["$schema"] = 5
    with translation.override("en"):
        problems = schema_check(schema)
    assert any("not valid JSON Schema" in problem for problem in problems)


def test_validate_definition_raises_with_every_problem(schema):
    schema["oneOf"] = [{"type": "object"}]
    schema["properties"]["applicant"]["properties"]["full_name"]["format"] = "uri"
    with pytest.raises(InvalidInputError) as caught:
        schema_validate_definition(schema)
    assert len(caught.value.extra["problems"]) == 2
    assert caught.value.code == "invalid_input"


def test_too_many_groups_are_refused():
    group = {"type": "object", "title": "G", "properties": {"a": {"type": "string", "title": "A"}}}
    schema = {"type": "object", "properties": {f"g{n}": group for n in range(31)}}
    assert schema_check(schema)


def test_schema_with_order_writes_out_the_order_without_touching_the_input(schema):
    before = copy.deepcopy(schema)
    ordered = schema_with_order(schema)
    assert schema == before
    assert ordered["x-order"] == ["applicant", "request"]
    assert ordered["properties"]["applicant"]["x-order"][:3] == [
        "full_name",
        "citizen_id",
        "date_of_birth",
    ]
    assert schema_check(ordered) == []


# --- groups and order --------------------------------------------------------------------------


def test_groups_and_fields_come_in_x_order(schema):
    schema["x-order"] = ["request", "applicant"]
    applicant = schema["properties"]["applicant"]
    applicant["x-order"] = list(reversed(applicant["properties"]))
    groups = form_groups(schema)
    assert [group.key for group in groups] == ["request", "applicant"]
    assert [field.key for field in groups[1].fields][:2] == ["sex", "address"]


def test_without_x_order_the_definition_order_is_kept(schema):
    groups = form_groups(schema)
    assert [group.key for group in groups] == ["applicant", "request"]
    assert [field.key for field in groups[0].fields] == list(
        schema["properties"]["applicant"]["properties"]
    )


def test_titles_follow_the_active_language(schema):
    with translation.override("vi"):
        group = form_groups(schema)[0]
        assert (group.title, group.description) == ("Người yêu cầu", "Thông tin về bạn.")
        assert group.fields[0].title == "Họ và tên"
        assert form_group(schema, "applicant").field("sex").choices == (
            ("male", "Nam"),
            ("female", "Nữ"),
        )
    with translation.override("en"):
        group = form_groups(schema)[0]
        assert (group.title, group.description) == ("Applicant", "About you.")
        assert group.fields[0].title == "Full name"
        assert group.field("sex").choices == (("male", "Male"), ("female", "Female"))
        # No English title: the Vietnamese one is used.
        assert form_group(schema, "request").field("province").choices[0] == ("hue", "Huế")


@pytest.mark.parametrize(
    ("group", "key", "widget", "required"),
    [
        ("applicant", "full_name", "text", True),
        ("applicant", "date_of_birth", "date", True),
        ("applicant", "phone", "tel", True),
        ("applicant", "email", "email", False),
        ("applicant", "sex", "radio", False),
        ("request", "content", "textarea", True),
        ("request", "copies", "number", True),
        ("request", "urgent", "checkbox", False),
        ("request", "agree", "checkbox", True),
        ("request", "kinds", "checkboxes", True),
        ("request", "province", "select", False),
    ],
)
def test_each_type_gets_its_widget(schema, group, key, widget, required):
    field = form_group(schema, group).field(key)
    assert (field.widget, field.required) == (widget, required)


def test_an_unknown_group_is_refused(schema):
    with pytest.raises(InvalidInputError):
        form_group(schema, "nothing")
    with pytest.raises(InvalidInputError):
        form_parse_group(schema, "nothing", post())


# --- prefill -----------------------------------------------------------------------------------


def test_prefill_from_the_citizen_profile(schema):
    data = form_prefill(schema, citizen=citizen())
    assert data == {
        "applicant": {
            "full_name": "Nguyễn Văn An",
            "citizen_id": VALID_ID,
            "date_of_birth": "1990-05-17",
            "phone": "+84912345678",
            "address": "12 Lê Lợi, Phường Thuận Hóa, Thành phố Huế",
        }
    }


def test_prefill_from_the_organisation(schema):
    organisation = Organisation(name="Công ty TNHH Hương Giang", tax_code=VALID_TAX_CODE)
    data = form_prefill(schema, organisation=organisation)
    assert data == {
        "request": {"tax_code": VALID_TAX_CODE, "organisation": "Công ty TNHH Hương Giang"}
    }


def test_the_previous_dossier_fills_what_the_profile_does_not_cover(schema):
    previous = {
        "applicant": {"email": "an@example.vn", "sex": "male", "full_name": "Tên cũ"},
        "request": {"copies": 3, "kinds": ["owner", "price"], "content": "Lần trước"},
    }
    data = form_prefill(schema, citizen=citizen(), previous=previous)
    assert data["applicant"]["full_name"] == "Nguyễn Văn An"  # the profile wins
    assert data["applicant"]["email"] == "an@example.vn"  # empty on the profile
    assert data["applicant"]["sex"] == "male"  # no x-prefill
    assert data["request"] == {"copies": 3, "kinds": ["owner", "price"], "content": "Lần trước"}


def test_prefill_never_overwrites_what_the_applicant_typed(schema):
    current = {"applicant": {"full_name": "Nguyễn Thị Bình", "phone": ""}, "request": {}}
    previous = {"applicant": {"phone": "+84987654321"}}
    data = form_prefill(schema, citizen=citizen(), previous=previous, current=current)
    assert data["applicant"]["full_name"] == "Nguyễn Thị Bình"
    assert data["applicant"]["phone"] == ""  # cleared on purpose: left cleared
    assert data["applicant"]["citizen_id"] == VALID_ID
    assert current == {"applicant": {"full_name": "Nguyễn Thị Bình", "phone": ""}, "request": {}}


def test_previous_answers_the_form_no_longer_accepts_are_dropped(schema):
    previous = {
        "applicant": {"sex": "other", "email": "not an e-mail"},
        "request": {"copies": 99, "content": "x" * 600, "kinds": ["gone"], "map_sheet": "12"},
    }
    data = form_prefill(schema, previous=previous)
    assert data == {"request": {"map_sheet": "12"}}


@pytest.mark.parametrize("previous", [None, [], "x", {"applicant": "x", "ghost": {"a": 1}}])
def test_prefill_ignores_unusable_previous_data(schema, previous):
    assert form_prefill(schema, previous=previous) == {}


# --- parsing -----------------------------------------------------------------------------------


def _applicant(**overrides: object) -> QueryDict:
    fields = {
        "applicant.full_name": "Nguyễn Văn An",
        "applicant.citizen_id": VALID_ID,
        "applicant.date_of_birth": "1990-05-17",
        "applicant.phone": "0912 345 678",
    }
    fields.update({f"applicant.{key}": value for key, value in overrides.items()})
    return post(**fields)


def test_a_complete_page_parses_without_errors(schema):
    values, errors = form_parse_group(schema, "applicant", _applicant(sex="female"))
    assert errors == {}
    assert values == {
        "full_name": "Nguyễn Văn An",
        "citizen_id": VALID_ID,
        "date_of_birth": "1990-05-17",
        "phone": "+84912345678",
        "sex": "female",
    }


def test_text_is_nfc_normalised_stripped_and_single_spaced(schema):
    decomposed = "  Nguye\u0302\u0303n   Va\u0306n\tAn  "  # NFD, as some keyboards send it
    assert not unicodedata.is_normalized("NFC", decomposed)
    values, errors = form_parse_group(schema, "applicant", _applicant(full_name=decomposed))
    assert errors == {}
    assert values["full_name"] == "Nguyễn Văn An"
    assert unicodedata.is_normalized("NFC", values["full_name"])


def test_a_textarea_keeps_its_line_breaks(schema):
    body = " Dòng một  \r\n\r\n\r\n\r\n  Dòng   hai "
    values, _errors = form_parse_group(schema, "request", post(**{"request.content": body}))
    assert values["content"] == "Dòng một\n\nDòng hai"


def test_invisible_characters_are_removed(schema):
    hostile = "Nguyễn\u202e Văn\u200b An\ufeff"
    values, errors = form_parse_group(schema, "applicant", _applicant(full_name=hostile))
    assert "full_name" not in errors
    assert values["full_name"] == "Nguyễn Văn An"


def test_a_nul_byte_is_refused(schema):
    values, errors = form_parse_group(schema, "applicant", _applicant(full_name="An\x00 Bình"))
    assert set(errors) == {"full_name"}
    assert "\x00" not in values["full_name"]
    with translation.override("en"):
        _values, errors = form_parse_group(schema, "applicant", _applicant(full_name="\x00"))
    assert errors["full_name"] == "Full name contains a character that is not allowed."


def test_a_string_of_10000_characters_is_refused_by_max_length(schema):
    with translation.override("en"):
        values, errors = form_parse_group(schema, "applicant", _applicant(full_name="A" * 10_000))
    assert errors == {"full_name": "Full name must be at most 100 characters long."}
    assert len(values["full_name"]) == 10_000  # shown again, never stored


def test_the_pattern_is_not_run_on_overlong_text(schema):
    with translation.override("en"):
        _values, errors = form_parse_group(
            schema, "request", post(**{"request.map_sheet": "1" * 10_000})
        )
    assert errors["map_sheet"] == "Map sheet must be at most 4 characters long."


def test_a_text_without_max_length_is_bounded_anyway(schema):
    _values, errors = form_parse_group(schema, "applicant", _applicant(address="x" * 256))
    assert set(errors) == {"address"}


@pytest.mark.parametrize("typed", ["1990-05-17", "17/5/1990", "17-05-1990", "17.05.1990"])
def test_dates_are_read_in_the_usual_forms(schema, typed):
    values, errors = form_parse_group(schema, "applicant", _applicant(date_of_birth=typed))
    assert errors == {}
    assert values["date_of_birth"] == "1990-05-17"


@pytest.mark.parametrize("typed", ["31/02/2025", "2025-13-01", "hôm qua", "1990/05/17", "0/0/0"])
def test_impossible_dates_are_refused(schema, typed):
    with translation.override("en"):
        values, errors = form_parse_group(schema, "applicant", _applicant(date_of_birth=typed))
    assert errors == {"date_of_birth": "Date of birth must be a real date, for example 25/03/2024."}
    assert values["date_of_birth"] == typed


def test_a_date_after_its_limit_is_refused(schema):
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    with translation.override("en"):
        _values, errors = form_parse_group(schema, "applicant", _applicant(date_of_birth=tomorrow))
    assert errors == {"date_of_birth": "Date of birth cannot be in the future."}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("0912 345 678", "+84912345678"), ("+84 912.345.678", "+84912345678"),
     ("024 3825 1234", "+842438251234")],
)  # fmt: skip
def test_phone_numbers_are_stored_in_plus84_form(schema, typed, expected):
    values, errors = form_parse_group(schema, "applicant", _applicant(phone=typed))
    assert errors == {}
    assert values["phone"] == expected


@pytest.mark.parametrize("typed", ["12345", "0112 345 678", "phone", "0912345678901"])
def test_wrong_phone_numbers_are_refused(schema, typed):
    with translation.override("en"):
        values, errors = form_parse_group(schema, "applicant", _applicant(phone=typed))
    assert errors == {"phone": "Phone must be a Vietnamese phone number, for example 0912 345 678."}
    assert values["phone"] == typed


def test_a_citizen_id_typed_with_spaces_and_dots_is_compacted(schema):
    values, errors = form_parse_group(schema, "applicant", _applicant(citizen_id="001 090.012 345"))
    assert errors == {}
    assert values["citizen_id"] == VALID_ID


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("0010900123456", "exactly 12 digits"),  # 13 digits
        ("00109001234", "exactly 12 digits"),
        ("999090012345", "province code"),
        ("001399012345", "future"),
    ],
)
def test_wrong_citizen_ids_are_refused_with_the_reason(schema, typed, reason):
    with translation.override("en"):
        _values, errors = form_parse_group(schema, "applicant", _applicant(citizen_id=typed))
    assert set(errors) == {"citizen_id"}
    assert errors["citizen_id"].startswith("Personal ID number is not a valid citizen ID.")
    assert reason in errors["citizen_id"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [(VALID_TAX_CODE, VALID_TAX_CODE), ("0100 109 106", VALID_TAX_CODE),
     ("0100109106001", "0100109106-001"), (VALID_ID_2, VALID_ID_2)],
)  # fmt: skip
def test_tax_codes_are_compacted(schema, typed, expected):
    values, errors = form_parse_group(schema, "request", post(**{"request.tax_code": typed}))
    assert "tax_code" not in errors
    assert values["tax_code"] == expected


def test_a_tax_code_with_a_wrong_check_digit_is_refused(schema):
    with translation.override("en"):
        _values, errors = form_parse_group(
            schema, "request", post(**{"request.tax_code": "0100109107"})
        )
    assert errors["tax_code"].startswith("Tax code is not a valid tax code.")
    assert "check digit" in errors["tax_code"]


def test_a_wrong_email_is_refused(schema):
    with translation.override("en"):
        _values, errors = form_parse_group(schema, "applicant", _applicant(email="an@"))
    assert errors == {"email": "E-mail must be an e-mail address, for example ten@example.vn."}


@pytest.mark.parametrize(
    ("key", "typed", "expected"),
    [
        ("copies", "3", 3),
        ("copies", " 10 ", 10),
        ("area", "120,5", 120.5),
        ("area", "120.5", 120.5),
        ("area", "1 200", 1200),
    ],
)
def test_numbers_are_read(schema, key, typed, expected):
    values, _errors = form_parse_group(schema, "request", post(**{f"request.{key}": typed}))
    assert values[key] == expected
    assert type(values[key]) is type(expected)


@pytest.mark.parametrize(
    ("key", "typed", "message"),
    [
        ("copies", "2.5", "Copies must be a whole number."),
        ("copies", "ba", "Copies must be a whole number."),
        ("copies", "1e3", "Copies must be a whole number."),
        ("copies", "9" * 5000, "Copies must be a whole number."),
        ("copies", "0", "Copies must be at least 1."),
        ("copies", "11", "Copies must be at most 10."),
        ("area", "nan", "Area (m²) must be a number."),
        ("area", "inf", "Area (m²) must be a number."),
        ("area", "1.200,5", "Area (m²) must be a number."),
        ("area", "0,1", "Area (m²) must be at least 0.5."),
    ],
)
def test_wrong_numbers_are_refused(schema, key, typed, message):
    with translation.override("en"):
        _values, errors = form_parse_group(schema, "request", post(**{f"request.{key}": typed}))
    assert errors[key] == message


def test_tick_boxes_are_booleans(schema):
    values, _errors = form_parse_group(schema, "request", post(**{"request.urgent": "on"}))
    assert values["urgent"] is True
    values, _errors = form_parse_group(schema, "request", post())
    assert values["urgent"] is False


def test_a_declaration_left_out_of_the_data_is_not_made(schema):
    data = valid_data()
    del data["request"]["agree"]
    with translation.override("en"):
        assert form_validate(schema, data) == {"request.agree": "I declare must be ticked."}


def test_a_declaration_must_be_ticked(schema):
    with translation.override("en"):
        _values, errors = form_parse_group(schema, "request", post())
    assert errors["agree"] == "I declare must be ticked."
    _values, errors = form_parse_group(schema, "request", post(**{"request.agree": "on"}))
    assert "agree" not in errors


def test_a_list_of_choices_keeps_the_order_and_drops_repeats(schema):
    body = post(**{"request.kinds": ["price", "parcel", "price", ""]})
    values, errors = form_parse_group(schema, "request", body)
    assert values["kinds"] == ["price", "parcel"]
    assert "kinds" not in errors


def test_a_choice_outside_the_options_is_refused(schema):
    with translation.override("en"):
        _values, errors = form_parse_group(
            schema, "request", post(**{"request.kinds": ["parcel", "secrets"]})
        )
        assert errors["kinds"] == "Choose one of the options offered for Kinds of information."
        _values, errors = form_parse_group(schema, "applicant", _applicant(sex="robot"))
        assert errors == {"sex": "Choose one of the options offered for Sex."}


def test_empty_questions_are_absent_and_required_ones_reported(schema):
    with translation.override("en"):
        values, errors = form_parse_group(schema, "request", post(**{"request.content": "   "}))
    assert "content" not in values
    assert errors["content"] == "Content is required."
    assert errors["kinds"] == "Kinds of information is required."
    assert "area" not in errors  # optional and empty: fine


def test_posted_keys_the_page_does_not_ask_are_ignored(schema):
    body = _applicant(**{"is_admin": "1"})
    body = body.copy()
    body["csrfmiddlewaretoken"] = "x"
    body["request.copies"] = "5"
    values, errors = form_parse_group(schema, "applicant", body)
    assert errors == {}
    assert "is_admin" not in values
    assert "copies" not in values


def test_a_plain_dict_works_as_post_data(schema):
    body = {
        "request.content": "Xin cấp",
        "request.kinds": ["owner"],
        "request.copies": "1",
        "request.agree": "on",
    }
    values, errors = form_parse_group(schema, "request", body)
    assert errors == {}
    assert values["kinds"] == ["owner"]


def test_errors_come_in_the_order_of_the_questions(schema):
    _values, errors = form_parse_group(schema, "applicant", post(**{"applicant.sex": "x"}))
    assert list(errors) == ["full_name", "citizen_id", "date_of_birth", "phone", "sex"]


def test_messages_name_the_question_in_vietnamese(schema):
    with translation.override("vi"):
        _values, errors = form_parse_group(schema, "applicant", post())
    assert set(errors) == {"full_name", "citizen_id", "date_of_birth", "phone"}
    assert "Họ và tên" in errors["full_name"]
    assert "Số định danh cá nhân" in errors["citizen_id"]


# --- whole-form validation ---------------------------------------------------------------------


def test_complete_data_is_valid(schema):
    assert form_validate(schema, valid_data()) == {}


def test_a_missing_page_reports_each_of_its_required_questions(schema):
    data = valid_data()
    del data["request"]
    with translation.override("en"):
        errors = form_validate(schema, data)
    assert errors == {
        "request.content": "Content is required.",
        "request.copies": "Copies is required.",
        "request.kinds": "Kinds of information is required.",
        "request.agree": "I declare must be ticked.",
    }


def test_answers_the_form_does_not_ask_are_refused(schema):
    data = valid_data()
    data["applicant"]["is_admin"] = True
    data["extra"] = {"x": 1}
    with translation.override("en"):
        errors = form_validate(schema, data)
    assert errors == {
        "applicant.is_admin": "applicant.is_admin is not a question of this form.",
        "extra": "extra is not a question of this form.",
    }


def test_a_huge_unknown_key_is_not_echoed_in_full(schema):
    data = valid_data()
    data["applicant"]["k" * 5000] = 1
    errors = form_validate(schema, data)
    assert list(errors) == ["applicant." + "k" * 5000]
    assert len(next(iter(errors.values()))) < 200


ERROR_CASES = [
    ("applicant", "full_name", None, "Full name is required."),
    ("applicant", "full_name", 42, "Full name must be text."),
    ("applicant", "full_name", "A" * 101, "Full name must be at most 100 characters long."),
    ("request", "content", "Ồ", "Content must be at least 5 characters long."),
    ("request", "map_sheet", "12a", "Map sheet: digits only."),
    (
        "applicant",
        "date_of_birth",
        "2025-02-31",
        "Date of birth must be a real date, for example 25/03/2024.",
    ),
    (
        "applicant",
        "phone",
        "0912345678",
        "Phone must be a Vietnamese phone number, for example 0912 345 678.",
    ),
    ("applicant", "email", "an", "E-mail must be an e-mail address, for example ten@example.vn."),
    ("applicant", "sex", "robot", "Choose one of the options offered for Sex."),
    ("request", "copies", 0, "Copies must be at least 1."),
    ("request", "copies", 11, "Copies must be at most 10."),
    ("request", "copies", "2", "Copies must be a whole number."),
    ("request", "area", 10_001, "Area (m²) must be at most 10000."),
    ("request", "urgent", "yes", "Urgent must be ticked or left unticked."),
    ("request", "agree", False, "I declare must be ticked."),
    ("request", "kinds", [], "Choose at least 1 option for Kinds of information."),
    ("request", "kinds", ["parcel", "parcel"], "Kinds of information lists the same choice twice."),
    ("request", "kinds", "parcel", "Kinds of information must be a list of choices."),
]


@pytest.mark.parametrize(("group", "key", "value", "message"), ERROR_CASES)
def test_each_kind_of_error_has_a_clear_message(schema, group, key, value, message):
    data = valid_data()
    if value is None:
        del data[group][key]
    else:
        data[group][key] = value
    with translation.override("en"):
        errors = form_validate(schema, data)
    assert errors == {f"{group}.{key}": message}


def test_in_vietnamese_the_message_names_the_vietnamese_title(schema):
    data = valid_data()
    data["applicant"]["full_name"] = "A" * 101
    del data["request"]["copies"]
    with translation.override("vi"):
        errors = form_validate(schema, data)
    assert set(errors) == {"applicant.full_name", "request.copies"}
    assert "Họ và tên" in errors["applicant.full_name"]
    assert "100" in errors["applicant.full_name"]
    assert "Số bản" in errors["request.copies"]


def test_data_that_is_not_an_object_is_refused(schema):
    assert set(form_validate(schema, ["x"])) == {NON_FIELD_KEY}
    data = valid_data()
    data["request"] = "x"
    with translation.override("en"):
        assert form_validate(schema, data) == {"request": "Request must be a group of answers."}


def test_a_percent_sign_in_a_title_does_not_break_messages(schema):
    schema["properties"]["request"]["properties"]["copies"]["x-title-en"] = "Copies (100%)"
    data = valid_data()
    data["request"]["copies"] = 0
    with translation.override("en"):
        assert form_validate(schema, data) == {
            "request.copies": "Copies (100%) must be at least 1."
        }


# --- rendering ---------------------------------------------------------------------------------


class Elements(HTMLParser):
    """Collects every start tag as (tag, attributes) and the text of each label/legend."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.labels: dict[str, str] = {}
        self._label_for: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "label":
            self._label_for = dict(attrs).get("for") or ""
            self.labels[self._label_for] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label_for = None

    def handle_data(self, data: str) -> None:
        if self._label_for is not None:
            self.labels[self._label_for] += data

    def controls(self) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.tags if tag in ("input", "select", "textarea")]

    def by_id(self, element_id: str) -> dict[str, str | None]:
        return next(attrs for _tag, attrs in self.tags if attrs.get("id") == element_id)

    def ids(self) -> set[str]:
        return {attrs["id"] for _tag, attrs in self.tags if attrs.get("id")}


def test_every_control_has_a_label(schema):
    for group in ("applicant", "request"):
        page = Elements(render_group(schema, group, {}, {}))
        controls = page.controls()
        assert controls
        for control in controls:
            assert page.labels.get(control["id"], "").strip(), control


def test_inputs_have_the_proper_types_and_hints(schema):
    with translation.override("en"):
        page = Elements(render_group(schema, "applicant", {}, {}))
        request = Elements(render_group(schema, "request", {}, {}))
    name = page.by_id("f-applicant-full_name")
    assert (name["type"], name["autocomplete"], name["maxlength"]) == ("text", "name", "100")
    assert name["name"] == "applicant.full_name"
    assert name["aria-required"] == "true"
    birth = page.by_id("f-applicant-date_of_birth")
    assert (birth["type"], birth["autocomplete"]) == ("date", "bday")
    assert "maxlength" not in birth
    phone = page.by_id("f-applicant-phone")
    assert (phone["type"], phone["autocomplete"], phone["inputmode"]) == ("tel", "tel", "tel")
    assert phone["aria-describedby"] == "f-applicant-phone-hint"
    assert "f-applicant-phone-hint" in page.ids()
    email = page.by_id("f-applicant-email")
    assert (email["type"], email["autocomplete"]) == ("email", "email")
    assert "aria-required" not in email
    assert page.by_id("f-applicant-citizen_id")["inputmode"] == "numeric"
    assert page.by_id("f-applicant-sex-1")["type"] == "radio"
    assert page.by_id("f-applicant-sex")["role"] == "radiogroup"
    copies = request.by_id("f-request-copies")
    assert (copies["type"], copies["inputmode"]) == ("text", "numeric")
    assert request.by_id("f-request-area")["inputmode"] == "decimal"
    assert ("textarea", request.by_id("f-request-content")) in request.tags
    assert ("select", request.by_id("f-request-province")) in request.tags
    assert request.by_id("f-request-kinds-3")["type"] == "checkbox"
    assert request.by_id("f-request-agree")["type"] == "checkbox"
    # No browser-side required/pattern checks: the server's messages are the ones shown.
    for control in page.controls() + request.controls():
        assert "required" not in control
        assert "pattern" not in control


def test_values_are_shown_and_escaped(schema):
    values = {"full_name": '<script>alert("x")</script>', "phone": "+84912345678", "sex": "female"}
    html = render_group(schema, "applicant", values, {})
    assert "<script>" not in html
    page = Elements(html)
    assert page.by_id("f-applicant-full_name")["value"] == '<script>alert("x")</script>'
    assert page.by_id("f-applicant-phone")["value"] == "0912345678"
    assert "checked" in page.by_id("f-applicant-sex-2")
    assert "checked" not in page.by_id("f-applicant-sex-1")
    request = Elements(
        render_group(schema, "request", {"kinds": ["price"], "urgent": True, "province": "hcm"}, {})
    )
    assert "checked" in request.by_id("f-request-kinds-3")
    assert "checked" not in request.by_id("f-request-kinds-1")
    assert "checked" in request.by_id("f-request-urgent")
    selected = [attrs for tag, attrs in request.tags if tag == "option" and "selected" in attrs]
    assert [attrs["value"] for attrs in selected] == ["hcm"]


def test_errors_are_announced_and_linked_to_their_questions(schema):
    with translation.override("en"):
        values, errors = form_parse_group(schema, "applicant", _applicant(phone="12", sex="x"))
        html = render_group(schema, "applicant", values, errors)
    page = Elements(html)
    phone = page.by_id("f-applicant-phone")
    assert phone["aria-invalid"] == "true"
    assert phone["aria-describedby"] == "f-applicant-phone-hint f-applicant-phone-error"
    assert "f-applicant-phone-error" in page.ids()
    assert "aria-invalid" not in page.by_id("f-applicant-full_name")
    assert page.by_id("f-applicant-sex")["aria-describedby"] == "f-applicant-sex-error"
    alert = next(attrs for tag, attrs in page.tags if attrs.get("role") == "alert")
    assert alert["class"].startswith("error")
    links = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert links == ["#f-applicant-phone", "#f-applicant-sex-1"]
    assert errors["phone"] in html


def test_errors_from_the_whole_form_check_are_shown_on_their_page(schema):
    data = valid_data()
    del data["request"]["copies"]
    with translation.override("en"):
        errors = form_validate(schema, data)
        html = render_group(schema, "request", data["request"], errors)
    assert "Copies is required." in html
    assert Elements(html).by_id("f-request-copies")["aria-invalid"] == "true"


def test_a_page_without_errors_has_no_alert(schema):
    html = render_group(schema, "applicant", {}, None)
    assert 'role="alert"' not in html


def test_the_page_is_rendered_in_the_active_language(schema):
    with translation.override("en"):
        html = render_group(schema, "applicant", {}, {})
        assert "<h2>Applicant</h2>" in html
        assert "Full name" in html
        assert "Questions marked * must be answered." in html
    with translation.override("vi"):
        html = render_group(schema, "applicant", {}, {})
        assert "<h2>Người yêu cầu</h2>" in html
        assert "Họ và tên" in html


# --- summary -----------------------------------------------------------------------------------


def test_the_summary_lists_every_question_as_a_reader_sees_it(schema):
    data = valid_data()
    data["request"]["kinds"] = ["parcel", "price"]
    data["request"]["ghost"] = "not in the form"
    with translation.override("en"):
        summary = form_summary(schema, data)
    assert [title for title, _rows in summary] == ["Applicant", "Request"]
    applicant = dict(summary[0][1])
    assert applicant["Date of birth"] == "17/05/1990"
    assert applicant["Phone"] == "0912345678"
    assert applicant["Sex"] == "Male"
    assert applicant["Residence"] == "—"
    request = dict(summary[1][1])
    assert request["Kinds of information"] == "Parcel, Price"
    assert request["Urgent"] == "No"
    assert request["I declare"] == "Yes"
    assert request["Copies"] == "2"
    assert len(summary[1][1]) == len(schema["properties"]["request"]["properties"])
    assert "not in the form" not in str(summary)


def test_the_summary_of_nothing_shows_every_question_unanswered(schema):
    summary = form_summary(schema, None)
    assert all(value == "—" for _title, rows in summary for _q, value in rows)


def test_a_page_renders_with_the_request_and_its_context_processors(schema, rf):
    request = rf.post("/thu-tuc/2.001001/nop/", {"applicant.full_name": "An"})
    values, errors = form_parse_group(schema, "applicant", request.POST)
    html = render_group(schema, "applicant", values, errors, request=request)
    assert Elements(html).by_id("f-applicant-full_name")["value"] == "An"


def test_questions_can_be_compared_and_used_in_sets(schema):
    first, again = form_group(schema, "applicant"), form_group(schema, "applicant")
    assert first.fields == again.fields
    assert len({*first.fields, *again.fields}) == len(first.fields)


def test_a_required_list_of_tick_boxes_says_so_to_screen_readers(schema):
    with translation.override("en"):
        html = render_group(schema, "request", {}, {})
    legend = html.split('id="f-request-kinds"', 1)[1].split("</legend>", 1)[0]
    assert "(required)" in legend
