"""frigate/config.yml gives Service Hall what it relies on.

Service Hall reads Frigate's count topics ``frigate/<seat zone>/person`` and
``frigate/<seat zone>/cell phone`` for every window of the hall. That only works if detection is
on, both labels are tracked under their exact names, and every window has exactly one seat zone
``window_NN_seat`` that is unique over all cameras (Frigate adds up equally named zones).

The checks live in ``problems(config, windows)``, which returns a list of readable problems. The
shipped configuration must have none, and each check is shown to fire on a broken copy.

The file is read with ``yaml.safe_load``: Frigate's ``{FRIGATE_...}`` environment placeholders
are plain strings to YAML. Camera settings are merged over the global sections the way Frigate
does it (the camera wins, dicts merge, a camera's list replaces the global one), and Frigate's
defaults are used where a key is absent (detection off, snapshots kept 10 days, review recordings
kept 10 days).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).parent.parent
CONFIG = ROOT / "frigate" / "config.yml"
LAYOUT = ROOT / "demo" / "config" / "service_hall" / "sample_hall.yaml"

LABELS = ("person", "cell phone")
SEAT_ZONE = re.compile(r"^window_(\d{2})_seat$")
MAX_RETENTION_DAYS = 7
# Frigate's defaults where a key is absent (frigate/config/camera/*.py, 0.16 and 0.17).
DEFAULT_REVIEW_RETAIN_DAYS = 10.0
DEFAULT_SNAPSHOT_RETAIN_DAYS = 10.0
# Sections a camera inherits from the top level of the file (FrigateConfig, 0.17; not `mqtt`).
CAMERA_SECTIONS = (
    "audio",
    "detect",
    "face_recognition",
    "ffmpeg",
    "motion",
    "objects",
    "record",
    "review",
    "snapshots",
)


# ---------------------------------------------------------------------------- loading


def load_config() -> dict[str, Any]:
    data = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{CONFIG} is not a mapping"
    return data


def hall_windows() -> list[int]:
    layout = yaml.safe_load(LAYOUT.read_text(encoding="utf-8"))
    return [int(window["number"]) for window in layout["windows"]]


def seat_zone(window: int) -> str:
    return f"window_{window:02d}_seat"


# ---------------------------------------------------------------------------- helpers


def merge(camera: Any, defaults: Any) -> Any:
    """Frigate's deep_merge(camera, global): camera values win, dicts merge, lists are replaced."""
    if not isinstance(camera, dict) or not isinstance(defaults, dict):
        return copy.deepcopy(camera)
    merged = copy.deepcopy(defaults)
    for key, value in camera.items():
        merged[key] = merge(value, merged[key]) if key in merged else copy.deepcopy(value)
    return merged


def effective_camera(config: dict[str, Any], camera: dict[str, Any]) -> dict[str, Any]:
    globals_ = {key: config[key] for key in CAMERA_SECTIONS if isinstance(config.get(key), dict)}
    return merge(camera if isinstance(camera, dict) else {}, globals_)


def section(data: Any, *path: str) -> dict[str, Any]:
    """The mapping at ``path`` under ``data``, or {} when absent or not a mapping."""
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data if isinstance(data, dict) else {}


def as_list(value: Any) -> list[Any]:
    """Frigate accepts one string or a list for labels, zones and masks."""
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list) else [value]


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def polygon_problems(where: str, coordinates: Any) -> list[str]:
    """A relative polygon: "x,y,x,y,..." or ["x,y", ...], every number in 0..1, at least 3 points."""
    if isinstance(coordinates, str):
        tokens = coordinates.split(",")
    elif isinstance(coordinates, list) and all(isinstance(point, str) for point in coordinates):
        tokens = [token for point in coordinates for token in point.split(",")]
    else:
        return [f"{where}: coordinates must be a string 'x,y,x,y,...' or a list of 'x,y' strings"]
    tokens = [token.strip() for token in tokens]
    try:
        numbers = [float(token) for token in tokens]
    except ValueError:
        return [f"{where}: coordinates are not all numbers: {coordinates!r}"]
    out = []
    if len(numbers) % 2:
        out.append(f"{where}: odd number of coordinates")
    if any(not 0 <= number <= 1 for number in numbers):
        out.append(f"{where}: coordinates must be relative (0..1), not pixels: {coordinates!r}")
    # Frigate decides "pixels or relative?" by comparing the text with "1.0": "1.000" counts as
    # pixels and the whole polygon is rejected. Write 0.999 (the UI does) or 1.
    elif any(token > "1.0" for token in tokens):
        out.append(f"{where}: Frigate reads {coordinates!r} as pixels (a value above '1.0' as text)")
    points = list(zip(numbers[0::2], numbers[1::2], strict=False))
    if len(set(points)) < 3:
        out.append(f"{where}: a polygon needs at least 3 distinct points, got {len(set(points))}")
    else:
        twice_area = sum(
            x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)
        )
        if abs(twice_area) < 1e-6:
            out.append(f"{where}: the points do not enclose an area")
    return out


def retention_problems(where: str, days: Any) -> list[str]:
    if not is_number(days):
        return [f"{where}: retention must be a number of days, got {days!r}"]
    if days > MAX_RETENTION_DAYS:
        return [f"{where}: retention {days} days is over {MAX_RETENTION_DAYS} days"]
    return []


# ---------------------------------------------------------------------------- the checks


def problems(config: dict[str, Any], windows: list[int]) -> list[str]:
    """Everything in a Frigate configuration that Service Hall cannot work with."""
    out: list[str] = []

    # MQTT: Service Hall only learns anything through the broker.
    mqtt = config.get("mqtt")
    if not isinstance(mqtt, dict):
        out.append("mqtt: section missing")
        mqtt = {}
    if mqtt.get("enabled", True) is not True:
        out.append("mqtt: must be enabled")
    if not mqtt.get("host"):
        out.append("mqtt: host missing")
    prefix = mqtt.get("topic_prefix")
    if not isinstance(prefix, str) or not prefix or any(c in prefix for c in "/#+ "):
        out.append(f"mqtt: topic_prefix must be set to one topic level, got {prefix!r}")
    for key in ("user", "password"):
        value = mqtt.get(key)
        if value is not None and not re.fullmatch(r"\{FRIGATE_\w+\}", str(value)):
            out.append(f"mqtt: {key} must come from a {{FRIGATE_...}} environment variable")

    # The Coral.
    detectors = config.get("detectors")
    if not isinstance(detectors, dict) or not any(
        isinstance(d, dict) and d.get("type") == "edgetpu" for d in detectors.values()
    ):
        out.append("detectors: no detector of type edgetpu (the Coral)")

    # Privacy: identity comes from the window sign-in, never from faces.
    if section(config, "face_recognition").get("enabled") is True:
        out.append("face_recognition: must stay disabled")

    cameras = config.get("cameras")
    if not isinstance(cameras, dict) or not cameras:
        return [*out, "cameras: none configured"]

    zone_cameras: dict[str, list[str]] = {}
    for name, raw in cameras.items():
        camera = effective_camera(config, raw)
        where = f"cameras.{name}"

        if section(camera, "face_recognition").get("enabled") is True:
            out.append(f"{where}.face_recognition: must stay disabled")

        # Detection: off by default since Frigate 0.16.
        detect = section(camera, "detect")
        if detect.get("enabled") is not True:
            out.append(f"{where}.detect: enabled must be set to true")
        for key in ("width", "height", "fps"):
            if not positive_int(detect.get(key)):
                out.append(f"{where}.detect: {key} must be set to a positive integer")

        inputs = section(camera, "ffmpeg").get("inputs")
        roles = (
            [role for i in inputs if isinstance(i, dict) for role in as_list(i.get("roles"))]
            if isinstance(inputs, list)
            else []
        )
        if roles.count("detect") != 1:
            out.append(f"{where}.ffmpeg: exactly one input must have the detect role")
        if section(camera, "record").get("enabled") is True and "record" not in roles:
            out.append(f"{where}.ffmpeg: recording is enabled but no input has the record role")

        # Labels: exactly "person" and "cell phone"; "cell_phone" is silently dropped by Frigate.
        objects = section(camera, "objects")
        track = as_list(objects.get("track", ["person"]))
        if sorted(track) != sorted(LABELS):
            out.append(f"{where}.objects.track: must be exactly {list(LABELS)}, got {track}")
        for label in track:
            if "_" in str(label):
                out.append(f"{where}.objects.track: {label!r} is spelled with an underscore")
        for label in section(objects, "filters"):
            if label not in track:
                out.append(f"{where}.objects.filters: {label!r} is not a tracked label, so it does nothing")
        for label, settings in section(objects, "filters").items():
            filter_masks = as_list(settings.get("mask")) if isinstance(settings, dict) else []
            for i, mask in enumerate(filter_masks):
                out += polygon_problems(f"{where}.objects.filters.{label}.mask[{i}]", mask)
        for i, mask in enumerate(as_list(objects.get("mask"))):
            out += polygon_problems(f"{where}.objects.mask[{i}]", mask)
        for i, mask in enumerate(as_list(section(camera, "motion").get("mask"))):
            out += polygon_problems(f"{where}.motion.mask[{i}]", mask)

        # Zones.
        zones = section(camera, "zones")
        if name in zones:
            out.append(f"{where}.zones: a zone cannot have the camera's name")
        for zone, settings in zones.items():
            zone_cameras.setdefault(zone, []).append(name)
            zone_where = f"{where}.zones.{zone}"
            if not isinstance(settings, dict):
                out.append(f"{zone_where}: not a mapping")
                continue
            out += polygon_problems(zone_where, settings.get("coordinates"))
            if "inertia" in settings and not positive_int(settings["inertia"]):
                out.append(f"{zone_where}: inertia must be a positive integer")
            if SEAT_ZONE.match(zone):
                zone_labels = as_list(settings.get("objects"))
                missing = [label for label in LABELS if label not in zone_labels]
                if missing:
                    out.append(f"{zone_where}: objects must include {missing}")

        # Snapshots: on, short, and only for objects that entered a seat zone.
        snapshots = section(camera, "snapshots")
        if snapshots.get("enabled") is not True:
            out.append(f"{where}.snapshots: must be enabled")
        retain = section(snapshots, "retain")
        out += retention_problems(
            f"{where}.snapshots.retain.default", retain.get("default", DEFAULT_SNAPSHOT_RETAIN_DAYS)
        )
        for label, days in section(retain, "objects").items():
            out += retention_problems(f"{where}.snapshots.retain.objects.{label}", days)
        required = as_list(snapshots.get("required_zones"))
        if not required:
            out.append(f"{where}.snapshots: required_zones must list the camera's seat zones")

        # Review items and their recordings: only seat zones, only tracked labels.
        review = section(camera, "review")
        for kind in ("alerts", "detections"):
            labels = section(review, kind).get("labels")
            for label in as_list(labels):
                if label not in track:
                    out.append(f"{where}.review.{kind}: label {label!r} is not tracked")
            kind_zones = as_list(section(review, kind).get("required_zones"))
            if not kind_zones:
                out.append(f"{where}.review.{kind}: required_zones must list the camera's seat zones")
            required += kind_zones
        for zone in required:
            if zone not in zones:
                out.append(f"{where}: required zone {zone!r} is not a zone of this camera")
            elif not SEAT_ZONE.match(zone):
                out.append(f"{where}: required zone {zone!r} is not a seat zone")

        # Recording: short retention, no long continuous recording.
        record = section(camera, "record")
        if record.get("enabled") is True:
            for key in ("continuous", "motion", "retain"):  # 0.17, 0.17, 0.16: default 0 days
                if key in record:
                    out += retention_problems(
                        f"{where}.record.{key}.days", section(record, key).get("days", 0)
                    )
            for kind in ("alerts", "detections"):
                days = section(record, kind, "retain").get("days", DEFAULT_REVIEW_RETAIN_DAYS)
                out += retention_problems(f"{where}.record.{kind}.retain.days", days)

    # Seat zones: one per window of the hall, unique over all cameras.
    for zone, owners in zone_cameras.items():
        if len(owners) > 1:
            out.append(f"zone {zone!r} is defined on several cameras {owners}: counts would add up")
    for window in windows:
        if seat_zone(window) not in zone_cameras:
            out.append(f"window {window}: no seat zone {seat_zone(window)!r}")
    for zone in zone_cameras:
        match = SEAT_ZONE.match(zone)
        if match and int(match.group(1)) not in windows:
            out.append(f"zone {zone!r}: the hall has no window {int(match.group(1))}")
    return out


# ---------------------------------------------------------------------------- the shipped file


def test_sample_hall_windows_are_known() -> None:
    """The layout the configuration is written for: windows 1 to 6."""
    assert hall_windows() == [1, 2, 3, 4, 5, 6]


def test_config_has_no_problems() -> None:
    assert problems(load_config(), hall_windows()) == []


def test_every_window_has_one_seat_zone_on_one_camera() -> None:
    config = load_config()
    owners = {
        zone: camera for camera, settings in config["cameras"].items() for zone in settings.get("zones", {})
    }
    assert sorted(owners) == [seat_zone(window) for window in hall_windows()]
    assert {owners[seat_zone(w)] for w in (1, 2, 3)} == {"hall_cam_a"}
    assert {owners[seat_zone(w)] for w in (4, 5, 6)} == {"hall_cam_b"}


def test_layout_seat_zones_and_prefix_match_frigate() -> None:
    """A window's seat zone (``window_NN_seat`` unless the layout names one) is a zone in Frigate,
    published under the prefix the window reads (``frigate`` unless the layout names one)."""
    config = load_config()
    zones = {zone for camera in config["cameras"].values() for zone in camera.get("zones", {})}
    layout = yaml.safe_load(LAYOUT.read_text(encoding="utf-8"))
    for window in layout["windows"]:
        zone = window.get("seat_zone") or seat_zone(int(window["number"]))
        assert zone in zones, f"window {window['number']}: Frigate has no zone {zone!r}"
        assert (window.get("frigate") or "frigate") == config["mqtt"]["topic_prefix"]


def test_secrets_are_environment_placeholders() -> None:
    """YAML keeps Frigate's placeholders as strings; no password is written in the file."""
    config = load_config()
    assert config["mqtt"]["user"] == "{FRIGATE_MQTT_USER}"
    assert config["mqtt"]["password"] == "{FRIGATE_MQTT_PASSWORD}"
    paths = [i["path"] for camera in config["cameras"].values() for i in camera["ffmpeg"]["inputs"]]
    assert paths
    for path in paths:
        assert path.startswith("rtsp://")
        assert re.search(r":\{FRIGATE_RTSP_PASSWORD\}@", path), path


def test_config_version_is_a_string() -> None:
    """Frigate compares the version as text to decide on migrations; 0.17-0 needs none."""
    assert load_config()["version"] == "0.17-0"


# ---------------------------------------------------------------------------- each check can fail

Mutation = Callable[[dict[str, Any]], None]


def cam(config: dict[str, Any], name: str = "hall_cam_a") -> dict[str, Any]:
    camera: dict[str, Any] = config["cameras"][name]
    return camera


def rename_zone(config: dict[str, Any], camera: str, old: str, new: str) -> None:
    zones = cam(config, camera)["zones"]
    zones[new] = zones.pop(old)


def set_path(config: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = config
    for key in parents:
        node = node.setdefault(key, {})
    node[last] = value


def drop_path(config: dict[str, Any], path: str) -> None:
    *parents, last = path.split(".")
    node = config
    for key in parents:
        node = node[key]
    del node[last]


BROKEN: list[Any] = [
    pytest.param(
        lambda c: set_path(c, "cameras.hall_cam_b.detect.enabled", False), "detect: enabled", id="detect-off"
    ),
    pytest.param(lambda c: drop_path(c, "cameras.hall_cam_a.detect"), "detect: enabled", id="detect-missing"),
    pytest.param(lambda c: drop_path(c, "cameras.hall_cam_a.detect.width"), "detect: width", id="no-width"),
    pytest.param(lambda c: set_path(c, "cameras.hall_cam_a.detect.fps", "5"), "detect: fps", id="fps-text"),
    pytest.param(
        lambda c: set_path(c, "objects.track", ["person", "cell_phone"]), "underscore", id="cell_phone-label"
    ),
    pytest.param(lambda c: set_path(c, "objects.track", ["person"]), "objects.track", id="no-phone-label"),
    pytest.param(
        lambda c: set_path(c, "objects.track", ["person", "cell phone", "car"]),
        "objects.track",
        id="extra-label",
    ),
    pytest.param(
        lambda c: set_path(c, "cameras.hall_cam_b.objects.track", ["person"]),
        "objects.track",
        id="camera-track",
    ),
    pytest.param(
        lambda c: c["objects"]["filters"].update(cell_phone=c["objects"]["filters"].pop("cell phone")),
        "not a tracked label",
        id="cell_phone-filter",
    ),
    pytest.param(
        lambda c: rename_zone(c, "hall_cam_a", "window_03_seat", "window_3_seat"),
        "window 3: no seat zone",
        id="zone-misnamed",
    ),
    pytest.param(
        lambda c: cam(c, "hall_cam_b")["zones"].update(window_01_seat=cam(c)["zones"]["window_01_seat"]),
        "several cameras",
        id="zone-on-two-cameras",
    ),
    pytest.param(
        lambda c: cam(c)["zones"].update(window_07_seat=cam(c)["zones"]["window_01_seat"]),
        "no window 7",
        id="zone-for-unknown-window",
    ),
    pytest.param(
        lambda c: set_path(c, "cameras.hall_cam_a.zones.window_02_seat.objects", ["person"]),
        "objects must include ['cell phone']",
        id="zone-without-phone",
    ),
    pytest.param(
        lambda c: set_path(c, "cameras.hall_cam_a.zones.window_02_seat.objects", "person"),
        "objects must include ['cell phone']",
        id="zone-objects-string",
    ),
    pytest.param(
        lambda c: set_path(
            c, "cameras.hall_cam_a.zones.window_01_seat.coordinates", "25,302,403,302,416,709,13,709"
        ),
        "relative",
        id="pixel-coordinates",
    ),
    pytest.param(
        lambda c: set_path(
            c, "cameras.hall_cam_a.zones.window_01_seat.coordinates", "0,0.4,1.000,0.4,1.000,1,0,1"
        ),
        "as pixels",
        id="one-written-1.000",
    ),
    pytest.param(
        lambda c: set_path(c, "cameras.hall_cam_a.zones.window_01_seat.coordinates", "0.1,0.4,0.3,0.4"),
        "at least 3",
        id="two-points",
    ),
    pytest.param(
        lambda c: set_path(
            c, "cameras.hall_cam_a.zones.window_01_seat.coordinates", ["0.1,0.4", "0.2,0.5", "0.3,0.6"]
        ),
        "enclose",
        id="collinear-points",
    ),
    pytest.param(
        lambda c: set_path(
            c, "cameras.hall_cam_a.zones.window_01_seat.coordinates", [0.1, 0.4, 0.3, 0.4, 0.3, 0.9]
        ),
        "must be a string",
        id="coordinates-numbers",
    ),
    pytest.param(
        lambda c: set_path(c, "cameras.hall_cam_b.zones.window_05_seat.inertia", 0), "inertia", id="inertia-0"
    ),
    pytest.param(
        lambda c: set_path(c, "cameras.hall_cam_a.motion.mask", ["0,0,1.000,0,1.000,0.34,0,0.34"]),
        "motion.mask",
        id="motion-mask-1.000",
    ),
    pytest.param(
        lambda c: set_path(c, "snapshots.enabled", False), "snapshots: must be enabled", id="snapshots-off"
    ),
    pytest.param(
        lambda c: drop_path(c, "snapshots.retain"), "snapshots.retain.default", id="snapshots-default-10-days"
    ),
    pytest.param(
        lambda c: set_path(c, "snapshots.retain.objects", {"person": 30}),
        "retain.objects",
        id="snapshots-30-days",
    ),
    pytest.param(
        lambda c: drop_path(c, "cameras.hall_cam_b.snapshots"),
        "snapshots: required_zones",
        id="snapshots-anywhere",
    ),
    pytest.param(
        lambda c: set_path(c, "cameras.hall_cam_a.snapshots.required_zones", ["window_04_seat"]),
        "not a zone of this camera",
        id="snapshots-other-camera-zone",
    ),
    pytest.param(
        lambda c: set_path(c, "record.alerts.retain.days", 30), "record.alerts", id="alerts-30-days"
    ),
    pytest.param(
        lambda c: drop_path(c, "record.detections"), "record.detections", id="detections-default-10-days"
    ),
    pytest.param(
        lambda c: set_path(c, "record.continuous.days", 14), "record.continuous", id="continuous-14-days"
    ),
    pytest.param(lambda c: set_path(c, "record.retain.days", 30), "record.retain", id="0.16-retain-30-days"),
    pytest.param(
        lambda c: drop_path(c, "cameras.hall_cam_a.review.alerts.required_zones"),
        "review.alerts: required_zones",
        id="alerts-anywhere",
    ),
    pytest.param(
        lambda c: set_path(c, "cameras.hall_cam_b.review.detections.labels", ["person", "car"]),
        "'car' is not tracked",
        id="review-untracked-label",
    ),
    pytest.param(
        lambda c: set_path(c, "cameras.hall_cam_a.ffmpeg.inputs", [cam(c)["ffmpeg"]["inputs"][0]]),
        "detect role",
        id="no-detect-input",
    ),
    pytest.param(lambda c: set_path(c, "detectors", {"cpu": {"type": "cpu"}}), "edgetpu", id="no-coral"),
    pytest.param(lambda c: set_path(c, "mqtt.enabled", False), "mqtt: must be enabled", id="mqtt-off"),
    pytest.param(lambda c: drop_path(c, "mqtt"), "mqtt: section missing", id="mqtt-missing"),
    pytest.param(lambda c: drop_path(c, "mqtt.topic_prefix"), "topic_prefix", id="no-topic-prefix"),
    pytest.param(
        lambda c: set_path(c, "mqtt.topic_prefix", "hall/frigate"), "topic_prefix", id="prefix-two-levels"
    ),
    pytest.param(
        lambda c: set_path(c, "mqtt.password", "secret"), "environment variable", id="plain-password"
    ),
    pytest.param(
        lambda c: set_path(c, "face_recognition.enabled", True), "face_recognition", id="face-recognition-on"
    ),
    pytest.param(lambda c: set_path(c, "cameras", {}), "cameras: none", id="no-cameras"),
    pytest.param(
        lambda c: set_path(c, "cameras.hall_cam_b.face_recognition.enabled", True),
        "hall_cam_b.face_recognition",
        id="camera-face-recognition-on",
    ),
    pytest.param(lambda c: drop_path(c, "detectors"), "edgetpu", id="no-detectors"),
    pytest.param(lambda c: drop_path(c, "mqtt.host"), "mqtt: host", id="no-mqtt-host"),
    pytest.param(
        lambda c: cam(c)["zones"].update(hall_cam_a=cam(c)["zones"]["window_01_seat"]),
        "camera's name",
        id="zone-named-like-camera",
    ),
    pytest.param(
        lambda c: set_path(c, "cameras.hall_cam_a.zones.window_01_seat", "0.1,0.4,0.3,0.4,0.3,0.9"),
        "not a mapping",
        id="zone-not-a-mapping",
    ),
    pytest.param(
        lambda c: set_path(c, "cameras.hall_cam_a.zones.window_01_seat.coordinates", "0.1,0.4,0.3,0.4,0.3"),
        "odd number",
        id="odd-coordinates",
    ),
    pytest.param(
        lambda c: set_path(c, "cameras.hall_cam_a.zones.window_01_seat.coordinates", "a,b,c,d,e,f"),
        "not all numbers",
        id="coordinates-text",
    ),
    pytest.param(
        lambda c: set_path(c, "objects.filters.cell phone.mask", "0,0,1.000,0,1.000,0.34"),
        "filters.cell phone.mask",
        id="filter-mask-1.000",
    ),
    pytest.param(
        lambda c: set_path(c, "cameras.hall_cam_b.objects.mask", ["0,0,1280,0,1280,245,0,245"]),
        "objects.mask",
        id="object-mask-pixels",
    ),
    pytest.param(
        lambda c: (
            cam(c)["zones"].update(counter=cam(c)["zones"]["window_01_seat"]),
            cam(c)["review"]["alerts"]["required_zones"].append("counter"),
        ),
        "'counter' is not a seat zone",
        id="required-zone-not-a-seat",
    ),
    pytest.param(
        lambda c: set_path(c, "cameras.hall_cam_a.ffmpeg.inputs", [cam(c)["ffmpeg"]["inputs"][1]]),
        "record role",
        id="no-record-input",
    ),
    pytest.param(
        lambda c: set_path(c, "snapshots.retain.default", "7"), "must be a number", id="retention-text"
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), BROKEN)
def test_problems_catches_a_broken_config(mutate: Mutation, expected: str) -> None:
    config = copy.deepcopy(load_config())
    mutate(config)
    found = problems(config, hall_windows())
    assert any(expected in problem for problem in found), found


def test_problems_catches_a_window_added_to_the_hall() -> None:
    """A seventh window in the layout needs its own seat zone."""
    found = problems(load_config(), [*hall_windows(), 7])
    assert found == ["window 7: no seat zone 'window_07_seat'"]


def test_merge_follows_frigate() -> None:
    """The camera wins, mappings merge, a camera's list replaces the global one."""
    merged = merge({"a": {"x": 1}, "l": [1]}, {"a": {"x": 0, "y": 2}, "l": [9, 9], "g": True})
    assert merged == {"a": {"x": 1, "y": 2}, "l": [1], "g": True}
