"""A hall's layout kept as config subentries: one per service, window and staff member.

A subentry's data is its item in the plain form ``parse_layout`` reads (``HallLayout.to_dict``);
its unique id is the item's id (service id, window number, staff number) behind its type, since
Home Assistant keeps subentry unique ids unique across all the types of an entry (window 5 and
staff number 5 may both exist). Writing a whole layout (a file imported, a migration) adds,
updates and removes subentries by unique id and reloads the hall once.

Home Assistant deletes a subentry from its UI without asking the integration. A deletion the
running hall refuses (a service a window serves, a service or window an open ticket needs, an
officer signed in) is undone at once, in the update listener before any reload, and told in a
repair issue naming the reason; nothing of the day is lost.
"""

from __future__ import annotations

import copy
from collections.abc import Generator, Mapping
from contextlib import contextmanager
from types import MappingProxyType
from typing import Any

from homeassistant.config_entries import ConfigEntry, ConfigEntryState, ConfigSubentry, ConfigSubentryData
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir
from homeassistant.util.hass_dict import HassKey

from .const import CONF_LANGUAGE, CONF_SERVICES, CONF_STAFF, CONF_WINDOWS, DEFAULT_LANGUAGE, DOMAIN
from .hall import Hall, HallError, parse_layout

type Layout = dict[str, list[dict[str, Any]]]

SERVICE = "service"
WINDOW = "window"
STAFF_MEMBER = "staff_member"
# Subentry type: the layout's list holding its items, and the key of an item's id
KINDS: dict[str, tuple[str, str]] = {
    SERVICE: (CONF_SERVICES, "id"),
    WINDOW: (CONF_WINDOWS, "number"),
    STAFF_MEMBER: (CONF_STAFF, "staff_number"),
}

# Entries whose layout is being written: their update listener waits for the one reload at the end.
_WRITING: HassKey[set[str]] = HassKey(f"{DOMAIN}_writing_layout")


def item_id(kind: str, item: Mapping[str, Any]) -> str:
    """A service's id, a window's number or a staff member's number, as text."""
    return str(item[KINDS[kind][1]])


def unique_id(kind: str, item: Mapping[str, Any]) -> str:
    """A subentry's unique id: ``service_household``, ``window_5``, ``staff_member_SP1001``."""
    return f"{kind}_{item_id(kind, item)}"


def window_label(window: Mapping[str, Any]) -> str:
    """ "5 — 综合窗口 (window-unit-03)": number, name and unit when it has them."""
    label = f"{window['number']} — {window['name']}" if window["name"] else str(window["number"])
    return f"{label} ({window['unit']})" if window.get("unit") else label


def item_title(kind: str, item: Mapping[str, Any], language: str) -> str:
    """How Home Assistant lists a subentry: the id with the name in the hall's language."""
    if kind == SERVICE:
        return f"{item['id']} — {item['name']['zh-Hans' if language == 'zh-Hans' else 'en']}"
    if kind == WINDOW:
        return window_label(item)
    return " — ".join(x for x in (item["staff_number"], item["name"], item.get("department")) if x)


def hall_language(entry: ConfigEntry) -> str:
    """The language of the hall's names."""
    language: str = entry.data.get(CONF_LANGUAGE, DEFAULT_LANGUAGE)
    return language


def layout_of(entry: ConfigEntry) -> Layout:
    """A copy of the layout in an entry's subentries, to change and validate."""
    layout: Layout = {key: [] for key, _ in KINDS.values()}
    for subentry in entry.subentries.values():
        layout[KINDS[subentry.subentry_type][0]].append(copy.deepcopy(dict(subentry.data)))
    return layout


def subentries_of(layout: Mapping[str, list[dict[str, Any]]], language: str) -> list[ConfigSubentryData]:
    """The subentries that hold a (validated) layout."""
    return [
        ConfigSubentryData(
            data=item,
            subentry_type=kind,
            title=item_title(kind, item, language),
            unique_id=unique_id(kind, item),
        )
        for kind, (key, _) in KINDS.items()
        for item in layout.get(key, [])
    ]


@callback
def async_update_item(hass: HomeAssistant, entry: ConfigEntry, kind: str, item: dict[str, Any]) -> None:
    """Save a changed item (its id unchanged) in its subentry, retitled; the hall reloads."""
    subentry = next(s for s in entry.subentries.values() if s.unique_id == unique_id(kind, item))
    hass.config_entries.async_update_subentry(
        entry, subentry, data=item, title=item_title(kind, item, hall_language(entry))
    )


def running_hall(entry: ConfigEntry) -> Hall | None:
    """The running hall of a loaded entry (today's tickets and windows); the flows read it here only."""
    if entry.state is not ConfigEntryState.LOADED:
        return None
    hall: Hall = entry.runtime_data.hall
    return hall


@contextmanager
def _writing(hass: HomeAssistant, entry: ConfigEntry) -> Generator[None]:
    """Subentry changes whose update listeners must not reload the hall (they run at once, as
    eager tasks, inside each change)."""
    writing = hass.data.setdefault(_WRITING, set())
    writing.add(entry.entry_id)
    try:
        yield
    finally:
        writing.discard(entry.entry_id)


def check_layout(hall: Hall | None, layout: Layout) -> None:
    """Raises ``HallError`` for an invalid layout, or one that strands an open ticket of the
    running hall (``Hall.check_layout_change``)."""
    parsed = parse_layout(layout)
    if hall is not None:
        hall.check_layout_change(parsed)


@callback
def async_write_layout(hass: HomeAssistant, entry: ConfigEntry, layout: Layout) -> None:
    """Make the entry's subentries hold a layout checked by :func:`check_layout`, in its stored
    form; a loaded hall reloads once."""
    stored = parse_layout(layout).to_dict()
    wanted = {s["unique_id"]: s for s in subentries_of(stored, hall_language(entry))}
    entries = hass.config_entries
    changed = False
    with _writing(hass, entry):
        for subentry in list(entry.subentries.values()):
            if (new := wanted.pop(subentry.unique_id or "", None)) is None:
                changed |= entries.async_remove_subentry(entry, subentry.subentry_id)
            else:
                changed |= entries.async_update_subentry(
                    entry, subentry, data=new["data"], title=new["title"]
                )
        for new in wanted.values():
            changed |= entries.async_add_subentry(entry, _subentry(new))
    if changed and entry.state is ConfigEntryState.LOADED:
        entries.async_schedule_reload(entry.entry_id)


@callback
def async_retitle(hass: HomeAssistant, entry: ConfigEntry, language: str) -> None:
    """Title the subentries in the hall's (new) language; the entry's own change that follows
    reloads the hall."""
    with _writing(hass, entry):
        for subentry in list(entry.subentries.values()):
            title = item_title(subentry.subentry_type, subentry.data, language)
            hass.config_entries.async_update_subentry(entry, subentry, title=title)


def _subentry(data: ConfigSubentryData) -> ConfigSubentry:
    return ConfigSubentry(
        data=MappingProxyType(data["data"]),
        subentry_type=data["subentry_type"],
        title=data["title"],
        unique_id=data["unique_id"],
    )


def refused_issue_id(entry_id: str) -> str:
    """The repair issue telling a refused deletion."""
    return f"removal_refused_{entry_id}"


@callback
def async_delete_refused_issue(hass: HomeAssistant, entry_id: str) -> None:
    """The hall lost what it was asked to lose, or is gone: no refusal to tell."""
    ir.async_delete_issue(hass, DOMAIN, refused_issue_id(entry_id))


def _check_removal(hall: Hall, layout: Layout, removed: list[tuple[str, dict[str, Any]]]) -> None:
    """Raises ``HallError`` when the running hall cannot lose these items (the refusals of the
    options flow's remove steps before subentries)."""
    for kind, item in removed:
        if kind == SERVICE and (
            windows := [str(w["number"]) for w in layout[CONF_WINDOWS] if item["id"] in w["services"]]
        ):
            raise HallError("service_used_by_window", service=item["id"], windows=", ".join(windows))
        if kind == STAFF_MEMBER and (window := hall.state.staff_window.get(item["staff_number"])) is not None:
            raise HallError("staff_signed_in", staff=item["staff_number"], window=window)
    check_layout(hall, layout)


@callback
def async_layout_changed(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Whether the subentries now hold a layout other than the running hall's (to reload with).

    Not while a layout is being written (it reloads once when written). Items deleted that the
    hall refuses to lose are put back (same data, same unique id) and a repair issue says why.
    """
    if entry.entry_id in hass.data.get(_WRITING, set()) or (hall := running_hall(entry)) is None:
        return False
    layout = layout_of(entry)
    present = {unique_id(k, i) for k, (key, _) in KINDS.items() for i in layout[key]}
    loaded = hall.layout.to_dict()
    removed = [
        (kind, item)
        for kind, (key, _) in KINDS.items()
        for item in loaded[key]
        if unique_id(kind, item) not in present
    ]
    if removed:
        try:
            _check_removal(hall, layout, removed)
        except HallError as err:
            _async_undo_removal(hass, entry, removed, err)
            return False
        async_delete_refused_issue(hass, entry.entry_id)
    try:
        return parse_layout(layout) != hall.layout
    except HallError:
        return True  # the setup says what is wrong


@callback
def _async_undo_removal(
    hass: HomeAssistant, entry: ConfigEntry, removed: list[tuple[str, dict[str, Any]]], err: HallError
) -> None:
    with _writing(hass, entry):
        put_back: Layout = {}
        for kind, item in removed:
            put_back.setdefault(KINDS[kind][0], []).append(item)
        for new in subentries_of(put_back, hall_language(entry)):
            hass.config_entries.async_add_subentry(entry, _subentry(new))
    kind, item = removed[0]
    ir.async_create_issue(
        hass,
        DOMAIN,
        refused_issue_id(entry.entry_id),
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        translation_key=f"removal_refused_{err.key}",
        translation_placeholders={
            "hall": entry.title,
            "item": item_title(kind, item, hall_language(entry)),
            "where": "",
            "problem": "",
            **err.placeholders,
        },
    )


@callback
def async_import_layout(hass: HomeAssistant, entry: ConfigEntry, layout: Layout) -> None:
    """Replace the hall's services, windows and staff (a file, the action); raises ``HallError``
    and changes nothing when the layout is invalid or strands an open ticket."""
    check_layout(running_hall(entry), layout)
    async_write_layout(hass, entry, layout)
