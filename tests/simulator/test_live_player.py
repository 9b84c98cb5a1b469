"""The live simulator's officers after the night's rollover: a closed window is opened and signed into again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from simulator.live.player import Options, Player, Window, seat_of


class RecordingHall:
    """Stands in for the websocket client: records the actions the officers call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def call(self, domain: str, action: str, data: dict[str, Any], *, response: bool = True) -> Any:
        self.calls.append((action, data))


def view(status: str, staff: str | None) -> dict[str, Any]:
    person = {"staff_number": staff, "name": "x", "department": "y", "photo": None} if staff else None
    return {"windows": [{"number": 4, "status": status, "staff": person}]}


async def test_a_window_closed_by_the_rollover_is_reopened_by_its_officer(tmp_path: Path) -> None:
    options = Options(
        url="http://hall",
        token="t",
        mqtt_host="h",
        mqtt_port=1,
        speed=10,
        start=510,
        hours=None,
        seed=1,
        ledger=tmp_path / "ledger.json",
        units={},
    )
    hall = RecordingHall()
    player = Player(options, hall, None)  # type: ignore[arg-type]
    window = Window(4, ["tax"], None, seat_of(4))
    player.on_view(view("serving", "SP1004"))  # the morning: the officer is signed in
    assert not player.closed(window)
    player.on_view(view("closed", None))  # after 03:00: closed, signed out
    assert player.closed(window)
    await player.reopen(window)
    assert hall.calls == [("open_window", {"window": 4}), ("sign_in", {"window": 4, "staff": "SP1004"})]
