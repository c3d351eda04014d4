# SPDX-License-Identifier: MIT
"""The citizens' portal in a real browser: search, filters, procedure page, access, print.

Every behaviour is checked in Vietnamese (/) and English (/en/). Screenshots and the printed
PDF land in test-artifacts/e2e/ for a human to look at.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

MARRIAGE = "1.000005"  # Đăng ký kết hôn: partly online
MOBILE_BIRTH = "1.000003"  # Đăng ký khai sinh lưu động: not online
LONGEST_NAME = "1.000011"  # Chứng thực bản sao từ bản chính … (the longest name in the sample)

# What a reader sees in each language: catalog data from the sample records, interface texts
# from congso/locale/*/LC_MESSAGES/django.po.
LANG: dict[str, dict[str, Any]] = {
    "vi": {
        "prefix": "",
        "switch": "English",
        "skip": "Chuyển đến nội dung chính",
        "home_title": "Tìm thủ tục hành chính",
        "list_title": "Thủ tục hành chính",
        "search_label": "Tra cứu thủ tục hành chính",
        "search_button": "Tìm kiếm",
        "field": "Lĩnh vực",
        "level": "Cấp thực hiện",
        "online": "Dịch vụ công trực tuyến",
        "what_to_bring": "Thành phần hồ sơ",
        "fees": "Phí, lệ phí",
        "legal_basis": "Căn cứ pháp lý",
        "start_online": "Nộp hồ sơ trực tuyến",
        "print": "In",
        "marriage": "Đăng ký kết hôn",
        "mobile_birth": "Đăng ký khai sinh lưu động",
        "road": "Đường bộ",
        "road_names": {
            "Đổi giấy phép lái xe do ngành Giao thông vận tải cấp",
            "Cấp lại giấy phép lái xe",
        },
        "civil_full_names": {
            "Đăng ký khai sinh",
            "Đăng ký khai tử",
            "Cấp bản sao trích lục hộ tịch",
            "Xác nhận tình trạng hôn nhân",
        },
    },
    "en": {
        "prefix": "/en",
        "switch": "Tiếng Việt",
        "skip": "Skip to content",
        "home_title": "Find an administrative procedure",
        "list_title": "Administrative procedures",
        "search_label": "Search procedures",
        "search_button": "Search",
        "field": "Field",
        "level": "Level",
        "online": "Online service",
        "what_to_bring": "What to bring",
        "fees": "Fees and charges",
        "legal_basis": "Legal basis",
        "start_online": "Start online",
        "print": "Print",
        "marriage": "Marriage registration",
        "mobile_birth": "Mobile birth registration",
        "road": "Road traffic",
        "road_names": {"Exchange of a driving licence", "Reissue of a driving licence"},
        "civil_full_names": {
            "Birth registration",
            "Death registration",
            "Copy of a civil-status extract",
            "Certificate of marital status",
        },
    },
}
BOTH = ["vi", "en"]
NON_BLANK = re.compile(r"\S")
NO_HTMX_REQUEST_IN_FLIGHT = "() => document.querySelector('.htmx-request') === null"


def _url(portal: str, lang: str, path: str) -> str:
    return f"{portal}{LANG[lang]['prefix']}{path}"


def _shot(page: Any, artifacts: Path, name: str) -> None:
    page.screenshot(path=artifacts / f"{name}.png", full_page=True)


def _result_names(page: Any) -> list[str]:
    return [name.strip() for name in page.locator("#results .result-name").all_inner_texts()]


def _script_errors(page: Any) -> list[str]:
    # The portal has no favicon; Chromium's request for /favicon.ico is not the page's fault.
    return [error for error in page.errors if "/favicon.ico" not in error]


def _type_in_search_box(page: Any, text: str) -> None:
    """Type into the search box key by key and wait until htmx swapped the last results in."""

    def is_last_search(response: Any) -> bool:
        url = urlsplit(response.url)
        return (
            url.path.endswith("/thu-tuc/")
            and response.request.headers.get("hx-request") == "true"
            and parse_qs(url.query).get("q") == [text]
        )

    page.locator("#id_q").focus()
    with page.expect_response(is_last_search) as response:
        page.keyboard.type(text, delay=60)
    assert response.value.status == 200
    page.wait_for_function(NO_HTMX_REQUEST_IN_FLIGHT)


def _record_navigations(page: Any) -> list[str]:
    urls: list[str] = []

    def on_navigated(frame: Any) -> None:
        if frame == page.main_frame:
            urls.append(frame.url)

    page.on("framenavigated", on_navigated)
    return urls


# --- loading: stylesheet, htmx, no script errors -----------------------------------------------


@pytest.mark.parametrize("lang", BOTH)
def test_home_page_loads_its_stylesheet_and_htmx_without_errors(page, portal, artifacts, lang):
    """The CSS is served by the live server and applied; htmx loads; no script errors."""
    statuses: dict[str, int] = {}

    def on_response(response: Any) -> None:
        statuses[urlsplit(response.url).path] = response.status

    page.on("response", on_response)
    page.goto(_url(portal, lang, "/"))

    assert statuses.get("/static/portal/portal.css") == 200
    expect(page.locator(".site-header")).to_have_css("background-color", "rgb(10, 61, 143)")
    expect(page.locator(".search-row")).to_have_css("display", "flex")
    expect(page.locator(".skip-link")).not_to_be_in_viewport()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(LANG[lang]["home_title"])
    assert page.evaluate("typeof htmx") == "object"
    assert page.locator(".figure strong").first.inner_text() == "20"
    assert _script_errors(page) == []
    _shot(page, artifacts, f"home_{lang}")


# --- search as you type (htmx) and without JavaScript ------------------------------------------


@pytest.mark.parametrize(
    ("lang", "query"),
    [("vi", "dang ki ket hon"), ("en", "dang ki ket hon"), ("en", "marriage registration")],
)
def test_search_as_you_type_shows_results_without_leaving_the_page(
    page, portal, artifacts, lang, query
):
    """Typing in the home search box fills #results in place, best matches first."""
    home = _url(portal, lang, "/")
    page.goto(home)
    page.evaluate("window.__sameDocument = true")
    navigations = _record_navigations(page)

    _type_in_search_box(page, query)

    names = _result_names(page)
    assert LANG[lang]["marriage"] in names[:3], names
    assert navigations == []
    assert page.url == home
    assert page.evaluate("window.__sameDocument") is True
    expect(page.locator("#results .result-count")).to_be_visible()
    expect(page.locator("#results .result-name").first).to_have_attribute(
        "href", re.compile(rf"^{LANG[lang]['prefix']}/thu-tuc/1\.\d{{6}}/$")
    )
    if lang == "en":
        assert all(name.isascii() for name in names), names  # English names, not Vietnamese
    assert _script_errors(page) == []
    if query.startswith("dang"):
        _shot(page, artifacts, f"search_results_{lang}")


def test_search_that_matches_nothing_says_so_in_both_languages(page, portal):
    """A query without a match shows a message in the live region, not an empty box."""
    messages = []
    for lang in BOTH:
        page.goto(_url(portal, lang, "/"))
        with page.expect_response(lambda response: "q=zzzzqqqq" in response.url):
            page.locator("#id_q").fill("zzzzqqqq")
        page.wait_for_function(NO_HTMX_REQUEST_IN_FLIGHT)
        assert _result_names(page) == []
        messages.append(page.locator("#results .result-count").inner_text().strip())
    assert all(messages), messages
    assert messages[0] != messages[1], messages  # each in its own language


@pytest.mark.parametrize("lang", BOTH)
def test_search_form_works_without_javascript(nojs_page, portal, artifacts, lang):
    """With JavaScript off the home form submits to the full results page."""
    page = nojs_page
    page.goto(_url(portal, lang, "/"))
    page.get_by_label(LANG[lang]["search_label"]).fill("dang ki ket hon")
    page.get_by_role("button", name=LANG[lang]["search_button"], exact=True).click()

    expect(page).to_have_url(_url(portal, lang, "/thu-tuc/?q=dang+ki+ket+hon"))
    expect(page.get_by_role("heading", level=1)).to_have_text(LANG[lang]["list_title"])
    expect(page.locator("#id_q")).to_have_value("dang ki ket hon")
    names = _result_names(page)
    assert LANG[lang]["marriage"] in names[:3], names
    if lang == "vi":
        _shot(page, artifacts, "search_results_nojs_vi")


# --- filters on the list page ----------------------------------------------------------------


@pytest.mark.parametrize("lang", BOTH)
def test_choosing_a_field_lists_only_its_procedures(page, portal, artifacts, lang):
    """Choosing a field updates the results in place and puts the filter in the address."""
    page.goto(_url(portal, lang, "/thu-tuc/"))
    assert len(_result_names(page)) == 20
    page.evaluate("window.__sameDocument = true")

    page.get_by_label(LANG[lang]["field"], exact=True).select_option(label=LANG[lang]["road"])

    expect(page).to_have_url(re.compile(r"[?&]field=DB(&|$)"))
    expect(page.locator("#results .result-name")).to_have_count(2)
    page.wait_for_function(NO_HTMX_REQUEST_IN_FLIGHT)
    assert set(_result_names(page)) == LANG[lang]["road_names"]
    for meta in page.locator("#results .meta").all_inner_texts():
        assert LANG[lang]["road"] in meta
    assert page.evaluate("window.__sameDocument") is True
    assert _script_errors(page) == []
    if lang == "vi":
        _shot(page, artifacts, "list_filtered_vi")


@pytest.mark.parametrize("lang", BOTH)
def test_filters_work_without_javascript(nojs_page, portal, lang):
    """Field and online filters combine when the form is submitted the plain way."""
    page = nojs_page
    page.goto(_url(portal, lang, "/thu-tuc/"))
    page.get_by_label(LANG[lang]["field"], exact=True).select_option("HT")
    page.get_by_label(LANG[lang]["online"], exact=True).select_option("full")
    page.get_by_role("button", name=LANG[lang]["search_button"], exact=True).click()

    expect(page).to_have_url(re.compile(r"field=HT&level=&online=full"))
    assert set(_result_names(page)) == LANG[lang]["civil_full_names"]
    expect(page.locator("#id_field")).to_have_value("HT")
    expect(page.locator("#id_online")).to_have_value("full")


# --- the procedure page ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", BOTH)
def test_procedure_page_shows_what_to_bring_fees_legal_basis_and_start_online(
    page, portal, artifacts, lang
):
    """An online procedure's page has its sections, a Start online link and Print."""
    ui = LANG[lang]
    page.goto(_url(portal, lang, f"/thu-tuc/{MARRIAGE}/"))

    expect(page.get_by_role("heading", level=1)).to_have_text(ui["marriage"])
    expect(page).to_have_title(re.compile(re.escape(ui["marriage"])))
    documents = page.locator("section", has=page.get_by_role("heading", name=ui["what_to_bring"]))
    expect(documents.get_by_role("heading", level=2)).to_have_text(ui["what_to_bring"])
    expect(documents.locator("tbody tr")).to_have_count(2)
    expect(documents).to_contain_text("Tờ khai theo mẫu")
    fees = page.get_by_role("heading", level=3, name=ui["fees"], exact=True)
    expect(fees).to_be_visible()
    expect(page.locator("ul.fees")).to_contain_text("8.000 đ")
    legal = page.locator("section", has=page.get_by_role("heading", name=ui["legal_basis"]))
    expect(legal.get_by_role("heading", level=2)).to_have_text(ui["legal_basis"])
    expect(legal).to_contain_text("60/2014/QH13")

    start = page.get_by_role("link", name=ui["start_online"], exact=True)
    expect(start).to_be_visible()
    expect(start).to_have_attribute(
        "href", re.compile(rf"^https://dichvucong\.gov\.vn/.*ma_thu_tuc={re.escape(MARRIAGE)}$")
    )
    expect(page.get_by_role("button", name=ui["print"], exact=True)).to_be_visible()
    assert _script_errors(page) == []
    _shot(page, artifacts, f"procedure_{lang}")


@pytest.mark.parametrize("lang", BOTH)
def test_offline_procedure_has_no_start_online_link(page, portal, lang):
    """A procedure that cannot be filed online offers Print only."""
    ui = LANG[lang]
    page.goto(_url(portal, lang, f"/thu-tuc/{MOBILE_BIRTH}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(ui["mobile_birth"])
    expect(page.get_by_role("link", name=ui["start_online"])).to_have_count(0)
    expect(page.locator('a[href*="ma_thu_tuc="]')).to_have_count(0)
    expect(page.get_by_role("button", name=ui["print"], exact=True)).to_be_visible()


# --- keyboard and labels ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", BOTH)
def test_tab_reaches_the_skip_link_first_and_the_search_box_soon_after(page, portal, lang):
    """The first Tab shows the skip link; the search box comes right after the header links."""
    page.goto(_url(portal, lang, "/"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=LANG[lang]["skip"])
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()

    presses = 1
    while presses < 10 and page.evaluate("document.activeElement.id") != "id_q":
        page.keyboard.press("Tab")
        presses += 1
    expect(page.get_by_role("searchbox", name=LANG[lang]["search_label"])).to_be_focused()
    assert presses <= 8  # skip link, brand, four menu links, language, search box


@pytest.mark.parametrize("lang", BOTH)
def test_skip_link_moves_focus_to_main(page, portal, lang):
    """Enter on the skip link focuses <main>; the next Tab lands on the search box in it."""
    page.goto(_url(portal, lang, "/"))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")
    expect(page.locator("#id_q")).to_be_focused()


@pytest.mark.parametrize("lang", BOTH)
def test_every_form_control_has_an_accessible_name(page, portal, lang):
    """On the home and list pages, inputs, selects and buttons all have a name to announce."""
    ui = LANG[lang]
    for path, at_least in (("/", 2), ("/thu-tuc/", 5)):
        page.goto(_url(portal, lang, path))
        controls = page.locator("input:not([type=hidden]), select, textarea, button")
        assert controls.count() >= at_least, path
        for control in controls.all():
            expect(control).to_have_accessible_name(NON_BLANK)
        expect(page.get_by_label(ui["search_label"], exact=True)).to_have_id("id_q")
    expect(page.get_by_label(ui["field"], exact=True)).to_have_id("id_field")
    expect(page.get_by_label(ui["level"], exact=True)).to_have_id("id_level")
    expect(page.get_by_label(ui["online"], exact=True)).to_have_id("id_online")


# --- language switch -------------------------------------------------------------------------


SAME_PAGE = [  # a page, its English heading and its Vietnamese heading
    ("/", "Find an administrative procedure", "Tìm thủ tục hành chính"),
    (f"/thu-tuc/{MARRIAGE}/", "Marriage registration", "Đăng ký kết hôn"),
    ("/thu-tuc/?q=khai+sinh", "Administrative procedures", "Thủ tục hành chính"),
]


def _switch_language(page: Any, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name=button, exact=True).click()


def test_language_switch_goes_from_vietnamese_to_english_on_the_same_page(page, portal):
    """The header button leads from a Vietnamese page to its /en/ twin, query string included."""
    for path, english, _vietnamese in SAME_PAGE:
        page.goto(portal + path)
        _switch_language(page, "English")
        assert page.url == portal + "/en" + path
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", level=1)).to_have_text(english)


def test_language_switch_goes_from_english_back_to_vietnamese_on_the_same_page(page, portal):
    """The header button leads from an /en/ page back to the same Vietnamese page."""
    for path, _english, vietnamese in SAME_PAGE:
        page.goto(portal + "/en" + path)
        _switch_language(page, "Tiếng Việt")
        assert page.url == portal + path
        expect(page.locator("html")).to_have_attribute("lang", "vi")
        expect(page.get_by_role("heading", level=1)).to_have_text(vietnamese)


# --- small screens and print -----------------------------------------------------------------


PHONE_PAGES = {
    "vi": ["/", "/thu-tuc/", f"/thu-tuc/{MARRIAGE}/"],
    "en": ["/", f"/thu-tuc/{LONGEST_NAME}/"],
}


@pytest.mark.parametrize("lang", BOTH)
def test_phone_screen_needs_no_horizontal_scrolling(mobile_page, portal, artifacts, lang):
    """At 375×667 nothing is wider than the screen and the search box fits."""
    page = mobile_page
    for path in PHONE_PAGES[lang]:
        page.goto(_url(portal, lang, path))
        expect(page.get_by_role("banner")).to_be_visible()
        width = page.evaluate("window.innerWidth")
        assert width == 375
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width, path
        if page.locator("#id_q").count():
            box = page.locator("#id_q").bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, path
        if lang == "vi" and path == "/":
            _shot(page, artifacts, "mobile_home_vi")
        elif lang == "vi" and path.startswith("/thu-tuc/1."):
            _shot(page, artifacts, "mobile_procedure_vi")


@pytest.mark.parametrize("lang", BOTH)
def test_print_hides_header_footer_and_buttons(page, portal, lang):
    """Print media shows the procedure only: no header, footer, skip link or action buttons."""
    page.goto(_url(portal, lang, f"/thu-tuc/{MARRIAGE}/"))
    expect(page.get_by_role("banner")).to_be_visible()

    page.emulate_media(media="print")
    for selector in (".site-header", ".site-footer", ".skip-link", ".demo-banner", ".actions"):
        expect(page.locator(selector)).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text(LANG[lang]["marriage"])
    expect(page.locator("table").first).to_be_visible()

    page.emulate_media(media="screen")
    expect(page.get_by_role("banner")).to_be_visible()


def test_procedure_page_prints_to_a_pdf_without_the_header(page, portal, artifacts):
    """Chromium's PDF of the page is a real PDF with the procedure and without the chrome."""
    pypdf = pytest.importorskip("pypdf")
    page.goto(f"{portal}/thu-tuc/{MARRIAGE}/")
    site_name = page.locator(".brand").inner_text()
    footer = page.locator(".site-footer").inner_text()
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    (artifacts / "procedure_vi.pdf").write_bytes(pdf)

    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Đăng ký kết hôn" in text
    assert MARRIAGE in text
    assert "60/2014/QH13" in text
    assert site_name not in text
    assert footer not in text


# --- more results than the home page shows ---------------------------------------------


@pytest.fixture
def many_registrations(catalog: None) -> None:
    """Fifteen more "Đăng ký …" procedures, so that searching for it gives two pages."""
    from congso.catalog import services
    from congso.catalog.records import ProcedureRecord
    from congso.catalog.tests.factories import record_data

    services.procedures_upsert(
        records=[
            ProcedureRecord.model_validate(
                record_data(i, "HT", f"Đăng ký thử nghiệm số {i}", f"Test {i}", ["commune"], "full")
            )
            for i in range(20, 35)
        ]
    )


@pytest.mark.parametrize("lang", BOTH)
def test_see_all_link_under_the_suggestions_opens_the_paged_results(
    page, portal, many_registrations, lang
):
    """Home shows the first 8 matches and a link to all 25, which page by 20 on the list page."""
    page.goto(_url(portal, lang, "/"))
    _type_in_search_box(page, "dang ky")
    assert len(_result_names(page)) == 8
    see_all = page.locator("#results a", has_text="25")
    expect(see_all).to_have_attribute("href", f"{LANG[lang]['prefix']}/thu-tuc/?q=dang+ky")

    with page.expect_navigation():
        see_all.click()
    assert page.url == _url(portal, lang, "/thu-tuc/?q=dang+ky")
    assert len(_result_names(page)) == 20
    with page.expect_navigation():
        page.locator("#results a[rel=next]").click()
    assert page.url == _url(portal, lang, "/thu-tuc/?q=dang+ky&page=2")
    assert len(_result_names(page)) == 5
    expect(page.locator("#results a[rel=prev]")).to_be_visible()


# --- regressions: bugs found by these tests and fixed ------------------------------------------


def test_back_button_after_filtering_shows_the_whole_list_page(page, portal):
    """After an htmx filter (address pushed) and a visit to a result, Back shows the full page."""
    page.goto(f"{portal}/thu-tuc/")
    page.locator("#id_field").select_option("DB")
    expect(page).to_have_url(re.compile(r"field=DB"))
    expect(page.locator("#results .result-name")).to_have_count(2)
    with page.expect_navigation():
        page.locator("#results .result-name").first.click()

    page.go_back(wait_until="load")
    assert re.search(r"/thu-tuc/\?.*field=DB", page.url)
    assert page.locator(".site-header").count() == 1, page.content()[:300]
    assert len(_result_names(page)) == 2


def test_language_switch_after_filtering_keeps_the_filters(page, portal):
    """Switching language after choosing a field keeps the field."""
    page.goto(f"{portal}/thu-tuc/")
    page.locator("#id_field").select_option("DB")
    expect(page).to_have_url(re.compile(r"field=DB"))
    page.wait_for_function(NO_HTMX_REQUEST_IN_FLIGHT)
    with page.expect_navigation():
        page.get_by_role("link", name="English", exact=True).click()
    assert re.search(r"/en/thu-tuc/\?.*field=DB", page.url), page.url


def test_main_content_keeps_its_space_below_the_header(page, portal):
    """<main> has the 1.5rem top and 3rem bottom padding the stylesheet asks for."""
    page.goto(f"{portal}/thu-tuc/{MARRIAGE}/")
    main = page.get_by_role("main")
    expect(main).to_have_css("padding-top", "24px", timeout=1_000)
    expect(main).to_have_css("padding-bottom", "48px", timeout=1_000)
