"""``python -m simulator.live``: play a hall day against a running Home Assistant.

    python -m simulator.live --url http://localhost:8123 --token-file .demo/token \\
        --mqtt 127.0.0.1:1883 [--speed 1] [--hours 3] [--unit 1=window-unit-01 ...] \\
        [--start 08:30] [--seed N] [--ledger .demo/ledger.json]

The run command (scripts/run) starts it with the token it created and the broker and units it
started. It stops after ``--hours`` simulated hours (default: never) or on SIGINT/SIGTERM; either
way it writes its ledger with ``"finished": true`` and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import aiomqtt

from stack.ws import HomeAssistantSocket

from .player import Options, Player

CONNECT_TIMEOUT_S = 60.0


def parse(argv: Sequence[str] | None) -> Options:
    parser = argparse.ArgumentParser(prog="python -m simulator.live", description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://localhost:8123", help="Home Assistant")
    parser.add_argument("--token-file", type=Path, required=True, help="a long-lived access token")
    parser.add_argument("--mqtt", default="127.0.0.1:1883", help="HOST:PORT of the MQTT broker")
    parser.add_argument(
        "--speed", type=float, default=1.0, help="simulated seconds per real second (1: real time)"
    )
    parser.add_argument("--hours", type=float, default=None, help="stop after H simulated hours")
    parser.add_argument("--start", default="08:30", help="the simulated time to start at (HH:MM)")
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    parser.add_argument("--ledger", type=Path, default=Path("ledger.json"))
    parser.add_argument(
        "--unit", action="append", default=[], help="WINDOW=NODE: a window's officer uses this unit's keys"
    )
    args = parser.parse_args(argv)
    if args.speed <= 0:
        parser.error("--speed must be above 0")
    try:
        hour, minute = (int(part) for part in args.start.split(":"))
        units = {int(window): node for window, node in (item.split("=", 1) for item in args.unit)}
        host, port = args.mqtt.rsplit(":", 1)
    except ValueError as err:
        parser.error(str(err))
    return Options(
        url=args.url,
        token=args.token_file.read_text(encoding="utf-8").strip(),
        mqtt_host=host,
        mqtt_port=int(port),
        speed=args.speed,
        start=hour * 60 + minute,
        hours=args.hours,
        seed=args.seed,
        ledger=args.ledger,
        units=units,
    )


async def play(options: Options) -> None:
    interrupted = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, interrupted.set)
    will = aiomqtt.Will("frigate/available", "offline", qos=1, retain=True)  # Frigate's last will
    async with (
        HomeAssistantSocket.connect(options.url, options.token) as ha,
        aiomqtt.Client(
            options.mqtt_host, options.mqtt_port, will=will, identifier="frigate-simulated"
        ) as mqtt,
    ):
        player = Player(options, ha, mqtt)
        print(
            f"simulator: seed {options.seed}, speed {options.speed:g}x, "
            f"{'until stopped' if options.hours is None else f'{options.hours:g} simulated hours'}, "
            f"units {options.units or 'none'}",
            flush=True,
        )
        await player.run(interrupted)
        counts = player.ledger.counts()
        print(f"simulator: finished at {player.ledger.sim_clock}: {counts}", flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    options = parse(argv)
    asyncio.run(asyncio.wait_for(play(options), None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
