"""Repair issues about Frigate: seat zones it does not have, and Frigate out of reach.

Presence at a window is read from the window's seat zone (``frigate/<zone>/person``). A zone that
Frigate does not define never reports anyone, silently: these issues say so.
"""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.issue_registry import IssueSeverity

from .const import DOMAIN
from .frigate_client import FrigateClient, FrigateError

ISSUE_SEAT_ZONE_MISSING = "seat_zone_missing"
ISSUE_FRIGATE_UNREACHABLE = "frigate_unreachable"


def seat_zone_issue_id(entry_id: str, window: int) -> str:
    """The issue id of one window's missing seat zone."""
    return f"{entry_id}_seat_zone_{window}"


def unreachable_issue_id(entry_id: str) -> str:
    """The issue id of Frigate being out of reach."""
    return f"{entry_id}_frigate_unreachable"


async def async_check_seat_zones(
    hass: HomeAssistant,
    entry_id: str,
    client: FrigateClient,
    seat_zones: dict[int, str],
) -> list[int]:
    """Raise or clear the seat-zone issues; answer the windows whose zone Frigate lacks.

    When Frigate cannot be reached, only the "unreachable" issue is raised, the per-window issues
    are left as they are (nothing is known about them) and the answer is ``[]``.
    Issues of windows no longer in ``seat_zones`` are removed.
    """
    try:
        zones = await client.zones()
    except FrigateError as err:
        ir.async_create_issue(
            hass,
            DOMAIN,
            unreachable_issue_id(entry_id),
            is_fixable=False,
            severity=IssueSeverity.WARNING,
            translation_key=ISSUE_FRIGATE_UNREACHABLE,
            translation_placeholders={"url": client.url, "error": str(err)},
        )
        return []
    ir.async_delete_issue(hass, DOMAIN, unreachable_issue_id(entry_id))

    known = set(zones)
    missing: list[int] = []
    for window, zone in sorted(seat_zones.items()):
        issue_id = seat_zone_issue_id(entry_id, window)
        if zone in known:
            ir.async_delete_issue(hass, DOMAIN, issue_id)
            continue
        missing.append(window)
        ir.async_create_issue(
            hass,
            DOMAIN,
            issue_id,
            is_fixable=False,
            severity=IssueSeverity.WARNING,
            translation_key=ISSUE_SEAT_ZONE_MISSING,
            translation_placeholders={
                "window": str(window),
                "zone": zone,
                "zones": ", ".join(sorted(known)) or "-",
            },
        )

    # Windows removed from the layout (or given no seat zone) keep no issue.
    current = {seat_zone_issue_id(entry_id, window) for window in seat_zones}
    _delete_issues(hass, entry_id, keep=current, only_seat_zones=True)
    return missing


def async_delete_frigate_issues(hass: HomeAssistant, entry_id: str) -> None:
    """Remove every Frigate issue of an entry (when it is removed, or Frigate is turned off)."""
    _delete_issues(hass, entry_id, keep=set(), only_seat_zones=False)


def _delete_issues(hass: HomeAssistant, entry_id: str, *, keep: set[str], only_seat_zones: bool) -> None:
    prefix = f"{entry_id}_seat_zone_"
    stale = [
        issue_id
        for domain, issue_id in ir.async_get(hass).issues
        if domain == DOMAIN
        and issue_id not in keep
        and (
            issue_id.startswith(prefix)
            or (not only_seat_zones and issue_id == unreachable_issue_id(entry_id))
        )
    ]
    for issue_id in stale:
        ir.async_delete_issue(hass, DOMAIN, issue_id)
