"""The layout parser: the shapes it reads, each ``layout_invalid`` case, and the round trip."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from custom_components.service_hall.hall import HallError, HallLayout, Service, Staff, Window, parse_layout

from .conftest import LAYOUT_DATA, make_layout


def test_the_test_layout(layout: HallLayout) -> None:
    assert list(layout.services) == ["id_card", "passport", "social", "tax"]
    assert layout.services["id_card"] == Service(
        id="id_card",
        prefix="A",
        name_zh="身份证",
        name_en="ID card",
        target_wait=10,
        daily_cap=None,
        handling_time=4,
    )
    assert layout.services["tax"].daily_cap == 3
    assert layout.services["tax"].target_wait == 15
    assert layout.services["social"].handling_time == 5
    assert layout.windows[1] == Window(number=1, services={"id_card": 1.0, "passport": 1.0}, name="一号窗口")
    assert layout.windows[3].services == {"social": 1, "tax": 0.2}
    assert layout.windows[2].name == ""
    assert layout.staff["S001"] == Staff(staff_number="S001", name="王芳", department="公安", photo="")
    assert [w.number for w in layout.windows_serving("social")] == [2, 3]
    assert layout.windows_serving("marriage") == ()


def test_service_names_in_the_hall_s_language(layout: HallLayout) -> None:
    service = layout.services["social"]
    assert service.name("zh-Hans") == "社保"
    assert service.name("en") == "Social security"


@pytest.mark.parametrize(
    ("item", "zh", "en"),
    [
        ({"name": {"zh-Hans": "户籍", "en": "Household"}}, "户籍", "Household"),
        ({"name": {"zh-Hans": "户籍"}}, "户籍", "户籍"),
        ({"name": {"en": "Household"}}, "Household", "Household"),
        ({"name": "户籍"}, "户籍", "户籍"),
        ({"name_zh": "户籍", "name_en": "Household"}, "户籍", "Household"),
        ({"name_en": "Household"}, "Household", "Household"),
        ({"name": "  户籍 "}, "户籍", "户籍"),
    ],
)
def test_service_name_forms(item: dict[str, Any], zh: str, en: str) -> None:
    layout = parse_layout({"services": [{"id": "household", "prefix": "h", **item}]})
    service = layout.services["household"]
    assert (service.prefix, service.name_zh, service.name_en) == ("H", zh, en)
    assert (service.target_wait, service.daily_cap, service.handling_time) == (10, None, 5)


def test_optional_and_plain_forms() -> None:
    layout = parse_layout(
        {
            "services": [{"id": "a1", "prefix": "X1", "name": "甲", "daily_cap": 0, "target_wait": 7.5}],
            "windows": [{"number": 7, "services": ["a1"], "name": None}],
            "staff": [{"staff_number": 1001, "name": "赵六", "department": None}],
        }
    )
    assert layout.services["a1"].daily_cap is None  # 0 means no cap
    assert layout.services["a1"].target_wait == 7.5
    assert layout.windows[7] == Window(number=7, services={"a1": 1.0}, name="")
    assert layout.staff["1001"] == Staff(staff_number="1001", name="赵六")


@pytest.mark.parametrize("data", [{}, {"services": None, "windows": [], "staff": None}])
def test_an_empty_layout(data: dict[str, Any]) -> None:
    assert parse_layout(data) == HallLayout()


DELETE = object()


def change(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change to the test layout: ``path`` like ``services.0.prefix``; a value of DELETE removes."""

    def apply(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        elif value is DELETE:
            del node[last]
        else:
            node[last] = value

    return apply


def append(key: str, item: Any) -> Callable[[dict[str, Any]], None]:
    """Append an item to one of the layout's lists."""

    def apply(data: dict[str, Any]) -> None:
        data[key].append(item)

    return apply


INVALID: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    # Shapes
    ("services not a list", change("services", {"id_card": {}}), "services", "not a list"),
    ("windows not a list", change("windows", "1,2"), "windows", "not a list"),
    ("staff not a list", change("staff", {"staff_number": "S1"}), "staff", "not a list"),
    ("service not a mapping", change("services.1", "passport"), "services[1]", "not a mapping"),
    ("window not a mapping", change("windows.0", 1), "windows[0]", "not a mapping"),
    ("staff not a mapping", change("staff.2", ["S003"]), "staff[2]", "not a mapping"),
    # Services
    (
        "duplicate service",
        append("services", {"id": "tax", "prefix": "D", "name": "税"}),
        "services[4].id",
        "duplicate tax",
    ),
    ("service id missing", change("services.0.id", DELETE), "services[0].id", "not text"),
    ("service id empty", change("services.0.id", "  "), "services[0].id", "empty"),
    ("service id uppercase", change("services.0.id", "ID_card"), "services[0].id", "lowercase"),
    ("service id with a space", change("services.0.id", "id card"), "services[0].id", "lowercase"),
    ("service id too long", change("services.0.id", "a" * 65), "services[0].id", "lowercase"),
    ("prefix missing", change("services.2.prefix", None), "services[2].prefix", "not text"),
    ("prefix empty", change("services.2.prefix", ""), "services[2].prefix", "empty"),
    (
        "prefix starts with a digit",
        change("services.2.prefix", "1B"),
        "services[2].prefix",
        "starting with a letter",
    ),
    ("prefix too long", change("services.2.prefix", "ABCD"), "services[2].prefix", "one to three"),
    ("prefix with a dash", change("services.2.prefix", "B-"), "services[2].prefix", "one to three"),
    ("prefix not text", change("services.2.prefix", ["B"]), "services[2].prefix", "not text"),
    ("prefix a boolean", change("services.2.prefix", True), "services[2].prefix", "not text"),
    ("name missing", change("services.0.name", DELETE), "services[0].name", "not text"),
    ("name empty", change("services.0.name", {"zh-Hans": " ", "en": ""}), "services[0].name", "empty"),
    ("target wait zero", change("services.3.target_wait", 0), "services[3].target_wait", "more than 0"),
    ("target wait negative", change("services.3.target_wait", -5), "services[3].target_wait", "more than 0"),
    ("target wait text", change("services.3.target_wait", "10"), "services[3].target_wait", "not a number"),
    (
        "target wait boolean",
        change("services.3.target_wait", True),
        "services[3].target_wait",
        "not a number",
    ),
    (
        "daily cap fractional",
        change("services.3.daily_cap", 2.5),
        "services[3].daily_cap",
        "not a whole number",
    ),
    ("daily cap negative", change("services.3.daily_cap", -1), "services[3].daily_cap", "more than 0"),
    ("daily cap text", change("services.3.daily_cap", "30"), "services[3].daily_cap", "not a number"),
    ("handling time zero", change("services.0.handling_time", 0), "services[0].handling_time", "more than 0"),
    (
        "handling time None",
        change("services.0.handling_time", None),
        "services[0].handling_time",
        "not a number",
    ),
    # Windows
    (
        "duplicate window",
        append("windows", {"number": 2, "services": ["tax"]}),
        "windows[4].number",
        "duplicate 2",
    ),
    ("window number missing", change("windows.1.number", DELETE), "windows[1].number", "not a number"),
    ("window number text", change("windows.1.number", "2"), "windows[1].number", "not a number"),
    ("window number fractional", change("windows.1.number", 2.5), "windows[1].number", "not a whole number"),
    ("window number zero", change("windows.1.number", 0), "windows[1].number", "more than 0"),
    ("window number negative", change("windows.1.number", -2), "windows[1].number", "more than 0"),
    ("window number too big", change("windows.1.number", 1000), "windows[1].number", "at most 999"),
    (
        "window services missing",
        change("windows.0.services", DELETE),
        "windows[0].services",
        "a list of service ids",
    ),
    (
        "window services text",
        change("windows.0.services", "id_card"),
        "windows[0].services",
        "a list of service ids",
    ),
    ("window services empty list", change("windows.0.services", []), "windows[0].services", "empty"),
    ("window services empty mapping", change("windows.0.services", {}), "windows[0].services", "empty"),
    (
        "unknown service in a window",
        change("windows.2.services", ["social", "marriage"]),
        "windows[2].services",
        "unknown service marriage",
    ),
    (
        "unknown weighted service",
        change("windows.2.services", {"visa": 2}),
        "windows[2].services",
        "unknown service visa",
    ),
    ("weight zero", change("windows.2.services", {"social": 0}), "windows[2].services.social", "more than 0"),
    (
        "weight text",
        change("windows.2.services", {"social": "high"}),
        "windows[2].services.social",
        "not a number",
    ),
    ("window name not text", change("windows.0.name", ["一号"]), "windows[0].name", "not text"),
    # Staff
    (
        "duplicate staff",
        append("staff", {"staff_number": "S002", "name": "李强二"}),
        "staff[3].staff_number",
        "duplicate S002",
    ),
    ("staff number missing", change("staff.0.staff_number", DELETE), "staff[0].staff_number", "not text"),
    ("staff number blank", change("staff.0.staff_number", "   "), "staff[0].staff_number", "empty"),
    ("staff name missing", change("staff.1.name", None), "staff[1].name", "not text"),
    (
        "staff department not text",
        change("staff.1.department", {"zh": "人社"}),
        "staff[1].department",
        "not text",
    ),
    ("staff photo not text", change("staff.1.photo", 3.5), "staff[1].photo", "not text"),
]


@pytest.mark.parametrize(("case", "mutate", "where", "problem"), INVALID, ids=[c[0] for c in INVALID])
def test_layout_invalid(
    case: str, mutate: Callable[[dict[str, Any]], None], where: str, problem: str
) -> None:
    data = copy.deepcopy(LAYOUT_DATA)
    mutate(data)
    with pytest.raises(HallError) as info:
        parse_layout(data)
    assert info.value.key == "layout_invalid", case
    assert info.value.placeholders["where"] == where
    assert problem in info.value.placeholders["problem"]


@pytest.mark.parametrize("data", [None, [], "services: []", 42, [("services", [])]])
def test_layout_not_a_mapping(data: Any) -> None:
    with pytest.raises(HallError) as info:
        parse_layout(data)
    assert info.value.key == "layout_invalid"
    assert info.value.placeholders == {"where": "layout", "problem": "not a mapping"}


def test_the_first_problem_is_named() -> None:
    data = copy.deepcopy(LAYOUT_DATA)
    data["services"][1]["prefix"] = "??"
    data["windows"][0]["number"] = -1
    with pytest.raises(HallError) as info:
        parse_layout(data)
    assert info.value.placeholders["where"] == "services[1].prefix"


def test_a_window_may_only_name_services_listed_before_it() -> None:
    # Windows are checked against the services of the same layout, not any other.
    with pytest.raises(HallError) as info:
        parse_layout({"windows": [{"number": 1, "services": ["id_card"]}]})
    assert info.value.placeholders["where"] == "windows[0].services"


def test_round_trip_through_to_dict(layout: HallLayout) -> None:
    plain = layout.to_dict()
    assert parse_layout(plain) == layout
    assert parse_layout(json.loads(json.dumps(plain, ensure_ascii=False))) == layout
    assert parse_layout(plain).to_dict() == plain


def test_to_dict_shape(layout: HallLayout) -> None:
    plain = layout.to_dict()
    assert plain["services"][3] == {
        "id": "tax",
        "prefix": "C",
        "name": {"zh-Hans": "税务", "en": "Tax"},
        "target_wait": 15,
        "daily_cap": 3,
        "handling_time": 5,
    }
    assert plain["windows"][2] == {"number": 3, "name": "", "services": {"social": 1, "tax": 0.2}}
    assert plain["staff"][0] == {"staff_number": "S001", "name": "王芳", "department": "公安", "photo": ""}
    # The copy is the layout's own: changing it leaves the layout alone.
    plain["windows"][2]["services"]["tax"] = 5
    assert layout.windows[3].services["tax"] == 0.2


def test_round_trip_of_a_minimal_layout() -> None:
    layout = parse_layout(
        {
            "services": [{"id": "x", "prefix": "x", "name": "X"}],
            "windows": [{"number": 999, "services": {"x": 2}}],
        }
    )
    assert parse_layout(layout.to_dict()) == layout
    assert make_layout() == parse_layout(make_layout().to_dict())
