"""Staffing advice for a running hall: measured every minute, told to sensors and automations.

The hall's figures are read on the event loop (a pass over the last hour of the log); the
advice itself, Erlang C and for partly shared skills a short simulation, runs in the executor.
Renewed advice is told under the ``STAFFING`` key; a group that becomes short of windows
fires ``service_hall_staffing_short`` once, until it has enough again (bus_events.py).
"""

from __future__ import annotations

from datetime import datetime

from homeassistant.core import HomeAssistant
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.util import dt as dt_util

from .const import STAFFING_INTERVAL
from .hall.arrivals import arrival_rates
from .hall.staffing import GroupAdvice, advise, measure, service_groups
from .signals import RunningHall

STAFFING = ("staffing",)  # listener key: the advice was renewed


class StaffingAdvisor:
    """Keeps the latest advice of one hall."""

    def __init__(self, hass: HomeAssistant, coordinator: RunningHall) -> None:
        self._hass = hass
        self._coordinator = coordinator
        self.groups = service_groups(coordinator.hall.layout)
        self.advice: dict[str, GroupAdvice] = {}
        self.arrivals_per_hour = 0.0
        self._running = False

    async def async_start(self) -> None:
        """First advice now, then every minute."""
        await self.async_refresh()
        self._coordinator.entry.async_on_unload(
            async_track_time_interval(self._hass, self._async_tick, STAFFING_INTERVAL)
        )

    async def _async_tick(self, _now: datetime) -> None:
        await self.async_refresh()

    async def async_refresh(self) -> None:
        """Measure the hall, advise in the executor, tell listeners and automations."""
        if self._running:  # a slow simulation: skip a minute rather than pile up
            return
        self._running = True
        try:
            hall = self._coordinator.hall
            now = dt_util.now()
            rates = arrival_rates(reversed(hall.state.log), now, hall.day_began_at(now))
            services = {s for group in self.groups for s in group}
            handling = {s: hall.handling_time(s) for s in services}
            states = {n: (w.open, w.paused) for n, w in hall.state.windows.items()}
            loads = measure(hall.layout, self.groups, rates, handling, states)
            advice = await self._hass.async_add_executor_job(advise, loads)
        finally:
            self._running = False
        self.arrivals_per_hour = round(sum(rates.values()) * 60, 1)
        self.advice = {a.load.key: a for a in advice}
        self._coordinator.fire(STAFFING)

    def names(self) -> dict[str, str]:
        """Service names in the hall's language."""
        layout = self._coordinator.hall.layout
        return {sid: service.name(self._coordinator.language) for sid, service in layout.services.items()}
