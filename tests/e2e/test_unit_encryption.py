"""An encrypted window unit built with Service Hall's Noise library (stack/noise) and a real client.

The demo's units for the newest Home Assistant have an encrypted API (``api: encryption: key:``),
which ESPHome implements on Noise_NNpsk0_25519_ChaChaPoly_SHA256 through the library in
``stack/noise``. Here a demo unit is built with it and aioesphomeapi, the client Home Assistant
uses, connects with the unit's key, reads its entities and states; a wrong key and no key are
refused. tests/test_noise.py checks the library itself against a Python implementation.

The unit is built into a cache of its own, so that the build is real and is seen to compile
``stack/noise`` in (~45 s).
"""

from __future__ import annotations

import asyncio
import importlib.util
from pathlib import Path

import pytest

import stack.units
from stack.processes import free_port
from stack.units import ESPHOME_BIN, UnitToolsMissing, build_unit, new_api_key, start_unit, stop_unit

from ..esphome_unit import skip_on_foreign_python, skip_or_fail

pytestmark = pytest.mark.timeout(600)
NOISE_DIR = Path(__file__).resolve().parents[2] / "stack" / "noise"


async def test_encrypted_unit_talks_to_aioesphomeapi(
    socket_enabled: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if importlib.util.find_spec("aioesphomeapi") is None:
        skip_or_fail("aioesphomeapi not installed in the test venv")
    skip_on_foreign_python(ESPHOME_BIN)
    from aioesphomeapi import APIClient, BinarySensorInfo, BinarySensorState
    from aioesphomeapi.core import InvalidEncryptionKeyAPIError, RequiresEncryptionAPIError

    assert NOISE_DIR == stack.units.NOISE_C  # the demo's units are built with it
    monkeypatch.setattr(stack.units, "CACHE_DIR", tmp_path / "cache")
    key = new_api_key()
    try:
        name, binary = build_unit(tmp_path / "build", 9, encryption_key=key)
    except UnitToolsMissing as err:
        skip_or_fail(str(err))
        return
    objects = {path.name.split("_", 1)[1] for path in (tmp_path / "build").rglob("obj/*.o")}
    assert "noise.o" in objects  # stack/noise/src/noise.c went in

    port = free_port()
    process = start_unit(binary, port, tmp_path / "run" / "unit.log")
    try:
        # login=False: units of ESPHome 2026 no longer answer the login of older clients (29.x).
        client = APIClient("127.0.0.1", port, None, noise_psk=key, client_info="service-hall-test")
        await client.connect(login=False)
        try:
            info = await client.device_info()
            entities, _services = await client.list_entities_services()
            binary_sensors = {entity.key for entity in entities if isinstance(entity, BinarySensorInfo)}
            state_seen = asyncio.Event()

            def on_state(state: object) -> None:
                if isinstance(state, BinarySensorState) and state.key in binary_sensors:
                    state_seen.set()

            client.subscribe_states(on_state)
            await asyncio.wait_for(state_seen.wait(), 10)  # a state, decrypted
        finally:
            await client.disconnect()
        assert (info.name, info.mac_address) == (name, "02:53:48:00:00:09")
        assert binary_sensors

        for psk, refused in (
            (new_api_key(), InvalidEncryptionKeyAPIError),
            (None, RequiresEncryptionAPIError),
        ):
            stranger = APIClient("127.0.0.1", port, None, noise_psk=psk, client_info="service-hall-test")
            with pytest.raises(refused):
                await stranger.connect(login=False)
    finally:
        stop_unit(process)
