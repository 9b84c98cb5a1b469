"""Service Hall: a government service hall (政务服务大厅) in Home Assistant."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_STOP, Platform
from homeassistant.core import Event, HomeAssistant
from homeassistant.exceptions import ConfigEntryError
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.typing import ConfigType

from .advisor import StaffingAdvisor
from .bus_events import HallBusEvents
from .cards import async_register_cards
from .const import (
    CONF_FRIGATE_URL,
    CONF_RATING_WINDOW,
    CONF_UNIT_OFFLINE_AFTER,
    CONF_WINDOW_TABLETS,
    DEFAULT_FRIGATE_PREFIX,
    DEFAULT_RATING_WINDOW,
    DEFAULT_UNIT_OFFLINE_AFTER,
    DOMAIN,
)
from .contacts import AppointmentContacts
from .coordinator import HallCoordinator
from .entity import hall_device
from .errors import setup_error
from .frigate_client import FrigateClient
from .hall import HallError
from .layout_entries import async_delete_refused_issue, async_layout_changed
from .materials import HallMaterials, async_delete_materials_issues, async_load_guides
from .migration import async_migrate_entry as async_migrate_layout
from .notifications import async_setup_notifications
from .public_status import PublicStatusView
from .queue_page import async_register_queue_page
from .repairs_frigate import async_check_seat_zones, async_delete_frigate_issues
from .runtime import HallRuntime, ServiceHallConfigEntry
from .services import async_setup_services
from .settings import supervision_settings
from .storage import HallStorage
from .supervision import StaffSupervisor
from .units import WindowUnits
from .websocket import async_setup_websocket

PLATFORMS: list[Platform] = [Platform.BINARY_SENSOR, Platform.BUTTON, Platform.EVENT, Platform.SENSOR]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions, the screens' live view and the cards, shared by every hall."""
    async_setup_services(hass)
    async_setup_notifications(hass)
    async_setup_websocket(hass)
    hass.http.register_view(PublicStatusView())
    async_register_queue_page(hass)
    await async_register_cards(hass)
    return True


async def async_migrate_entry(hass: HomeAssistant, entry: ServiceHallConfigEntry) -> bool:
    """Halls saved before subentries get their layout as subentries (migration.py)."""
    return await async_migrate_layout(hass, entry)


async def async_setup_entry(hass: HomeAssistant, entry: ServiceHallConfigEntry) -> bool:
    """Set up a hall: restore its day, start what feeds it, then its entities.

    Everything that can fail runs before the platforms are forwarded, and a failure undoes
    what was started: a failed setup never leaves entities behind (a retry or reload would
    find its platforms "already set up"). ``entry.runtime_data`` is assigned once, whole,
    after every feature has started. Nothing here waits for MQTT or Frigate.
    """
    try:
        coordinator = HallCoordinator(hass, entry)
    except HallError as err:
        # A layout changed behind the flows' back (a subentry edited by hand): said in the
        # hall's words, as the flows would have refused it.
        raise setup_error(err) from err
    try:
        runtime = await _async_start_hall(hass, entry, coordinator)
    except Exception as err:
        # HA runs the on-unload callbacks only for its own ConfigEntry* errors: turn the
        # failure into one so that timers and listeners started so far are undone.
        await coordinator.async_shutdown()
        raise ConfigEntryError(
            translation_domain=DOMAIN,
            translation_key="setup_failed",
            translation_placeholders={"error": f"{type(err).__name__}: {err}"},
        ) from err
    entry.runtime_data = runtime
    entry.async_on_unload(entry.add_update_listener(_async_update_listener))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    if runtime.frigate is not None:
        # Checked in the background: an unreachable Frigate must not hold up the hall.
        entry.async_create_background_task(
            hass, _async_check_frigate(hass, entry, runtime.frigate), "frigate check"
        )
    return True


async def _async_start_hall(
    hass: HomeAssistant, entry: ServiceHallConfigEntry, coordinator: HallCoordinator
) -> HallRuntime:
    """The fallible part of a setup: the day from disk, guides, supervision, advice, units.

    The features follow the coordinator's signals (signals.py); the bus events subscribe
    first, so nothing committed or advised during the setup goes untold.
    """
    url = entry.options.get(CONF_FRIGATE_URL)
    frigate = FrigateClient(async_get_clientsession(hass), url) if url else None
    advisor = StaffingAdvisor(hass, coordinator)  # built now, started below: the bus events tell its advice
    entry.async_on_unload(HallBusEvents(coordinator, advisor, frigate).async_start())
    await coordinator.async_setup()
    guides = await async_load_guides(hass, entry.entry_id, list(coordinator.hall.layout.services))
    await coordinator.contacts.async_load(coordinator.hall.state.service_date)
    supervisor = StaffSupervisor(hass, coordinator, supervision_settings(entry.options))
    entry.async_on_unload(supervisor.async_stop)
    await supervisor.async_start()

    async def stopping(_event: Event) -> None:
        # Home Assistant does not unload entries when it stops: the open episodes end here.
        supervisor.async_stop()
        await supervisor.async_close_episodes()

    entry.async_on_unload(hass.bus.async_listen_once(EVENT_HOMEASSISTANT_STOP, stopping))
    # The hall's device first: window and staff devices name it as their parent (entity.py).
    hall_device_id = (
        dr.async_get(hass).async_get_or_create(config_entry_id=entry.entry_id, **hall_device(entry)).id
    )
    _remove_stale_devices(hass, entry, coordinator)
    await advisor.async_start()
    units = WindowUnits(
        hass,
        coordinator,
        rating_window=float(entry.options.get(CONF_RATING_WINDOW, DEFAULT_RATING_WINDOW)),
        offline_after=float(entry.options.get(CONF_UNIT_OFFLINE_AFTER, DEFAULT_UNIT_OFFLINE_AFTER)),
    )
    entry.async_on_unload(units.async_stop)
    units.async_start()
    return HallRuntime(
        coordinator=coordinator,
        supervisor=supervisor,
        advisor=advisor,
        units=units,
        materials=HallMaterials(guides),
        hall_device_id=hall_device_id,
        frigate=frigate,
        loaded_with=_reload_relevant(entry.data, entry.options),
    )


async def _async_check_frigate(
    hass: HomeAssistant, entry: ServiceHallConfigEntry, client: FrigateClient
) -> None:
    """Seat zones that the (default) Frigate server lacks become repair issues."""
    seat_zones = {
        window.number: window.seat_zone
        for window in entry.runtime_data.hall.layout.windows.values()
        if window.seat_zone and window.frigate == DEFAULT_FRIGATE_PREFIX
    }
    await async_check_seat_zones(hass, entry.entry_id, client, seat_zones)


async def async_unload_entry(hass: HomeAssistant, entry: ServiceHallConfigEntry) -> bool:
    """Unload a hall; its day stays on disk."""
    if unloaded := await hass.config_entries.async_unload_platforms(entry, PLATFORMS):
        runtime = entry.runtime_data
        # The hall stops seeing its seats: open episodes end now, not when it is back.
        runtime.supervisor.async_stop()
        await runtime.supervisor.async_close_episodes()
        await runtime.coordinator.async_shutdown()
    return unloaded


async def async_remove_entry(hass: HomeAssistant, entry: ServiceHallConfigEntry) -> None:
    """A removed hall takes its stored days with it."""
    await HallStorage(hass, entry.entry_id).async_remove()
    await AppointmentContacts(hass, entry.entry_id, 0).async_remove_store()
    async_delete_frigate_issues(hass, entry.entry_id)
    async_delete_materials_issues(hass, entry.entry_id)
    async_delete_refused_issue(hass, entry.entry_id)


async def _async_update_listener(hass: HomeAssistant, entry: ServiceHallConfigEntry) -> None:
    """A changed layout or tuning takes effect by reloading; the day is restored from disk.

    A layout written whole reloads once, when written; a deleted subentry the hall refuses to
    lose is put back instead (layout_entries.py).

    Binding a tablet to a window does not: the tablet check reads the bindings on every
    action, and a reload would drop every screen's live view for nothing.
    """
    if (
        not async_layout_changed(hass, entry)
        and _reload_relevant(entry.data, entry.options) == entry.runtime_data.loaded_with
    ):
        return
    await hass.config_entries.async_reload(entry.entry_id)


def _reload_relevant(
    data: Mapping[str, Any], options: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """What a hall is built from: its data and options, less the tablet bindings."""
    return dict(data), {key: value for key, value in options.items() if key != CONF_WINDOW_TABLETS}


def _remove_stale_devices(
    hass: HomeAssistant, entry: ServiceHallConfigEntry, coordinator: HallCoordinator
) -> None:
    """Windows and staff removed from the layout leave no devices behind."""
    layout = coordinator.hall.layout
    wanted = {entry.entry_id}
    wanted |= {f"{entry.entry_id}_window_{n}" for n in layout.windows}
    wanted |= {f"{entry.entry_id}_staff_{s}" for s in layout.staff}
    registry = dr.async_get(hass)
    for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
        if not any(domain == DOMAIN and ident in wanted for domain, ident in device.identifiers):
            # Only this hall's entry has them: removed outright (`remove_config_entry_id` is
            # deprecated since Home Assistant 2026.10, a device having one entry).
            registry.async_remove_device(device.id)
