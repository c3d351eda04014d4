# SPDX-License-Identifier: MIT
"""The demo procedures' application forms (no database needed)."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.utils import translation

from congso.accounts.models import Citizen
from congso.catalog.formschema import (
    form_groups,
    form_prefill,
    form_summary,
    form_validate,
    render_group,
    schema_check,
    schema_validate_definition,
)
from congso.demo.catalog_data import demo_procedures
from congso.demo.form_schemas import (
    DEMO_FORM_SCHEMAS,
    IS_DEMO,
    default_form_schema,
    demo_form_schema_for,
)

CODES = sorted(DEMO_FORM_SCHEMAS)


def every_schema() -> list[tuple[str, dict]]:
    return [*DEMO_FORM_SCHEMAS.items(), ("default", default_form_schema("Đăng ký khai tử"))]


class Controls(HTMLParser):
    """Ids of form controls and the `for` of each label."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.controls: list[str] = []
        self.labelled: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in ("input", "select", "textarea"):
            self.controls.append(str(found["id"]))
        if tag == "label":
            self.labelled.add(str(found["for"]))


def test_the_forms_are_marked_as_demo_data():
    assert IS_DEMO is True


@pytest.mark.parametrize(("code", "schema"), every_schema())
def test_every_demo_form_passes_the_definition_check(code, schema):
    assert schema_check(schema) == []
    schema_validate_definition(schema)


def test_every_demo_form_belongs_to_an_online_procedure_of_the_demo_catalog():
    procedures = {record["code"]: record for record in demo_procedures()}
    for code in CODES:
        assert code in procedures, code
        assert procedures[code]["online_level"] in ("full", "partial"), code


def test_the_forms_cover_the_common_procedures():
    names = {record["code"]: record["name"] for record in demo_procedures()}
    covered = " | ".join(names[code] for code in CODES)
    for words in (
        "Đăng ký khai sinh",
        "Đăng ký thường trú",
        "hộ kinh doanh",
        "Chứng thực bản sao",
        "dữ liệu đất đai",
        "giấy phép xây dựng",
    ):
        assert words in covered, words


@pytest.mark.parametrize(("code", "schema"), every_schema())
def test_every_demo_form_has_two_to_four_pages_in_a_stored_order(code, schema):
    groups = form_groups(schema)
    assert 2 <= len(groups) <= 4
    # The order is written out, so a PostgreSQL jsonb column cannot shuffle the pages.
    assert schema["x-order"] == [group.key for group in groups]
    for group in groups:
        assert schema["properties"][group.key]["x-order"] == [field.key for field in group.fields]


@pytest.mark.parametrize(("code", "schema"), every_schema())
@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_page_of_every_demo_form_renders_with_labels(code, schema, language):
    with translation.override(language):
        for group in form_groups(schema):
            html = render_group(schema, group.key, {}, {})
            page = Controls(html)
            assert page.controls, (code, group.key)
            assert set(page.controls) <= page.labelled, (code, group.key)
            assert group.title in html


@pytest.mark.parametrize(("code", "schema"), every_schema())
def test_every_question_has_an_english_title(code, schema):
    with translation.override("en"):
        for group in form_groups(schema):
            node = schema["properties"][group.key]
            assert node.get("x-title-en"), (code, group.key)
            for key, field in node["properties"].items():
                assert field.get("x-title-en"), (code, group.key, key)


@pytest.mark.parametrize(("code", "schema"), every_schema())
def test_the_applicant_page_is_prefilled_from_the_profile(code, schema):
    citizen = Citizen(
        full_name="Trần Thị Hoa",
        citizen_id="046195000123",
        date_of_birth=dt.date(1995, 1, 2),
        phone="+84912345678",
        email="hoa@example.vn",
        address_line="5 Hùng Vương, Phường Thuận Hóa, Thành phố Huế",
    )
    data = form_prefill(schema, citizen=citizen)
    first = form_groups(schema)[0].key
    assert data[first]["full_name"] == "Trần Thị Hoa"
    assert data[first]["citizen_id"] == "046195000123"
    assert data[first]["date_of_birth"] == "1995-01-02"
    assert data[first]["phone"] == "+84912345678"


def test_a_filled_in_birth_registration_is_valid_and_summarised():
    schema = DEMO_FORM_SCHEMAS["2.001001"]
    data = {
        "applicant": {
            "full_name": "Trần Thị Hoa",
            "citizen_id": "046195000123",
            "date_of_birth": "1995-01-02",
            "phone": "+84912345678",
            "address": "5 Hùng Vương, Phường Thuận Hóa, Thành phố Huế",
            "relationship": "mother",
        },
        "child": {
            "full_name": "Lê Minh Khang",
            "sex": "male",
            "date_of_birth": "2025-06-01",
            "place_of_birth": "Bệnh viện Trung ương Huế",
            "ethnicity": "Kinh",
            "nationality": "Việt Nam",
            "home_town": "Thành phố Huế",
        },
        "parents": {
            "mother_name": "Trần Thị Hoa",
            "mother_date_of_birth": "1995-01-02",
            "mother_nationality": "Việt Nam",
        },
        "delivery": {"method": "desk", "extract_copies": 2, "declaration": True},
    }
    assert form_validate(schema, data) == {}
    with translation.override("en"):
        summary = dict(form_summary(schema, data))
    assert dict(summary["The child"])["Sex"] == "Male"
    assert dict(summary["The child"])["Date of birth"] == "01/06/2025"


def test_an_empty_birth_registration_reports_the_required_questions():
    errors = form_validate(DEMO_FORM_SCHEMAS["2.001001"], {})
    assert {"applicant.full_name", "child.full_name", "parents.mother_name"} <= set(errors)
    assert "parents.father_name" not in errors  # the father may be unknown
    assert "delivery.declaration" in errors


def test_the_default_form_names_the_procedure_and_passes_the_check():
    name = "Đăng ky\u0301 khai tử"  # decomposed on purpose
    schema = default_form_schema(name)
    assert schema_check(schema) == []
    content = schema["properties"]["request"]["properties"]["content"]
    assert "“Đăng ký khai tử”" in content["description"]
    assert [group.key for group in form_groups(schema)] == ["applicant", "request", "delivery"]


def test_every_online_procedure_of_the_demo_catalog_gets_a_usable_form():
    online = [p for p in demo_procedures() if p["online_level"] in ("full", "partial")]
    assert online
    for record in online:
        assert form_groups(demo_form_schema_for(record["code"], record["name"]))
    # Generic forms differ only by the procedure name: check the longest names in full.
    longest = sorted(online, key=lambda record: len(record["name"]), reverse=True)[:5]
    for record in longest:
        schema = demo_form_schema_for(record["code"], record["name"])
        assert schema_check(schema) == [], record["code"]
    own = demo_form_schema_for("2.001001", "x")
    assert own == DEMO_FORM_SCHEMAS["2.001001"]
    assert own is not DEMO_FORM_SCHEMAS["2.001001"]
