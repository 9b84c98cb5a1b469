"""The low rating blueprint, driven by the hall's ratings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from homeassistant.core import HomeAssistant, ServiceCall

from ..conftest import ENTRY_ID, act
from ..helpers import open_hall
from .conftest import Phone, recorder, use_blueprint

BLUEPRINT = "low_rating.yaml"

TITLE_ZH = "差评提醒 · 1号窗口"
MESSAGE_ZH = "A001(户籍业务)被评为「不满意」，经办人：李明(SP1001)"
DATA_A001 = {"tag": "service_hall_rating_A001", "group": "service_hall_ratings"}


@pytest.fixture
def calls(hass: HomeAssistant) -> dict[str, list[ServiceCall]]:
    """The recorded persistent notifications and notify group."""
    return recorder(hass, "persistent_notification.create", "notify.supervisors")


async def served_and_rated(
    hass: HomeAssistant, grade: int, service: str = "household", window: int = 1
) -> str:
    """A citizen is served at a window and rates the service; answers the ticket."""
    issued = await act(hass, "issue_ticket", service=service)
    assert isinstance(issued, dict)
    ticket = str(issued["ticket"])
    await act(hass, "call_next", window=window)
    await act(hass, "start", window=window)
    await act(hass, "complete", window=window)
    await act(hass, "rate", ticket=ticket, grade=grade)
    await hass.async_block_till_done()
    return ticket


async def test_dissatisfied_notifies_the_phones(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    blueprints: Path,
    phone: Callable[[str], Phone],
    calls: dict[str, list[ServiceCall]],
) -> None:
    """A 不满意 rating reaches every supervisor's phone with window, ticket, service and officer."""
    li, wang = phone("Li Ming"), phone("Wang Fang")
    await use_blueprint(hass, BLUEPRINT, {"notify_devices": [li.device_id, wang.device_id]})
    await open_hall(hass)
    assert await served_and_rated(hass, 2) == "A001"
    expected = {"title": TITLE_ZH, "message": MESSAGE_ZH, "data": DATA_A001}
    assert li.messages() == [expected]
    assert wang.messages() == [expected]
    assert calls["persistent_notification.create"] == []
    assert calls["notify.supervisors"] == []


async def test_very_dissatisfied_and_satisfied(
    hass: HomeAssistant, init_integration: MockConfigEntry, blueprints: Path, phone: Callable[[str], Phone]
) -> None:
    """非常不满意 notifies; the hall fires nothing for grades 3 to 5."""
    li = phone("Li Ming")
    await use_blueprint(hass, BLUEPRINT, {"notify_devices": [li.device_id]})
    await open_hall(hass)
    for grade in (3, 4, 5):
        await served_and_rated(hass, grade)
    assert li.messages() == []
    await served_and_rated(hass, 1, "business", window=5)
    assert li.messages() == [
        {
            "title": "差评提醒 · 5号窗口",
            "message": "D001(商事登记)被评为「非常不满意」，经办人：张伟(SP1004)",
            "data": {"tag": "service_hall_rating_D001", "group": "service_hall_ratings"},
        }
    ]


async def test_grades_filter(
    hass: HomeAssistant, init_integration: MockConfigEntry, blueprints: Path, phone: Callable[[str], Phone]
) -> None:
    """With only grade 1 chosen, a 不满意 is not notified."""
    li = phone("Li Ming")
    await use_blueprint(hass, BLUEPRINT, {"notify_devices": [li.device_id], "grades": ["1"]})
    await open_hall(hass)
    await served_and_rated(hass, 2)
    assert li.messages() == []
    ticket = await served_and_rated(hass, 1)
    assert [m["data"]["tag"] for m in li.messages()] == [f"service_hall_rating_{ticket}"]
    assert "「非常不满意」" in li.messages()[0]["message"]


async def test_english(
    hass: HomeAssistant, init_integration: MockConfigEntry, blueprints: Path, phone: Callable[[str], Phone]
) -> None:
    """English texts; the service name stays in the hall's language."""
    li = phone("Li Ming")
    await use_blueprint(hass, BLUEPRINT, {"notify_devices": [li.device_id], "language": "en"})
    await open_hall(hass)
    await served_and_rated(hass, 2)
    assert li.messages() == [
        {
            "title": "Low rating · window 1",
            "message": 'Ticket A001 (户籍业务) was rated "Dissatisfied". Officer: 李明 (SP1001)',
            "data": DATA_A001,
        }
    ]


async def test_persistent_notification_and_notify_group(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    blueprints: Path,
    calls: dict[str, list[ServiceCall]],
) -> None:
    """Without phones: a notify group and a persistent notification named after the ticket."""
    await use_blueprint(hass, BLUEPRINT, {"notify_service": "notify.supervisors", "persistent": True})
    await open_hall(hass)
    await served_and_rated(hass, 2)
    assert [dict(c.data) for c in calls["notify.supervisors"]] == [
        {"title": TITLE_ZH, "message": MESSAGE_ZH, "data": DATA_A001}
    ]
    assert [dict(c.data) for c in calls["persistent_notification.create"]] == [
        {"notification_id": "service_hall_rating_A001", "title": TITLE_ZH, "message": MESSAGE_ZH}
    ]


async def test_notify_service_without_domain(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    blueprints: Path,
    calls: dict[str, list[ServiceCall]],
) -> None:
    """A notify action given without ``notify.`` is still a notify action."""
    await use_blueprint(hass, BLUEPRINT, {"notify_service": "supervisors"})
    await open_hall(hass)
    await served_and_rated(hass, 2)
    assert [c.data["message"] for c in calls["notify.supervisors"]] == [MESSAGE_ZH]
    assert calls["persistent_notification.create"] == []


@pytest.mark.parametrize(
    ("inputs", "notified"),
    [
        ({"windows": ["1", "2"]}, True),
        ({"windows": ["5"]}, False),
        ({"hall": ENTRY_ID}, True),
        ({"hall": "01JOTHERHALL00000000000000"}, False),
    ],
)
async def test_window_and_hall_filters(
    hass: HomeAssistant,
    init_integration: MockConfigEntry,
    blueprints: Path,
    phone: Callable[[str], Phone],
    inputs: dict[str, Any],
    notified: bool,
) -> None:
    """Ratings outside the chosen windows or hall are not notified."""
    li = phone("Li Ming")
    await use_blueprint(hass, BLUEPRINT, {"notify_devices": [li.device_id], **inputs})
    await open_hall(hass)
    await served_and_rated(hass, 2)
    assert li.messages() == (
        [{"title": TITLE_ZH, "message": MESSAGE_ZH, "data": DATA_A001}] if notified else []
    )
