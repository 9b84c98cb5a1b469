"""HACS's checks of an integration repository, run offline on this one.

HACS validates a repository with the validators of hacs/integration
(custom_components/hacs/validate/*.py, run by its GitHub action) after loading it as an integration
(repositories/integration.py). Each checker below names the one it mirrors. Not checkable offline,
because they are data GitHub's API holds about the repository, not files in it: "archived", "issues"
(issues enabled), "description" and "topics". "license" reads GitHub's detection of the licence file;
here the file's text is compared with Apache's own.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import voluptuous as vol
from awesomeversion import AwesomeVersion, AwesomeVersionStrategy
from awesomeversion.exceptions import AwesomeVersionException
from packaging.licenses import canonicalize_license_expression
from PIL import Image

from homeassistant.generated.countries import COUNTRIES
from homeassistant.helpers import config_validation as cv

ROOT = Path(__file__).parent.parent

# The strategies Home Assistant's loader accepts for a custom integration's version (and hacs.json's
# minimum versions are compared with AwesomeVersion too).
VERSION_STRATEGIES = [
    AwesomeVersionStrategy.CALVER,
    AwesomeVersionStrategy.SEMVER,
    AwesomeVersionStrategy.SIMPLEVER,
    AwesomeVersionStrategy.BUILDVER,
    AwesomeVersionStrategy.PEP440,
]
# md5 of https://www.apache.org/licenses/LICENSE-2.0.txt, the text GitHub recognises as Apache-2.0
APACHE_2_MD5 = "3b83ef96387f14655fc854ddc3c6bd57"
# license.py: the OSI licences HACS accepts without fetching the SPDX list
POPULAR_OSI_LICENSES = {
    "Apache-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "CDDL-1.0",
    "EPL-2.0",
    "GPL-2.0",
    "GPL-3.0",
    "LGPL-2.1",
    "LGPL-3.0",
    "MIT",
    "MPL-2.0",
}


def _version(value: Any) -> str:
    if not isinstance(value, str):
        raise vol.Invalid("not a string")
    try:
        AwesomeVersion(value, ensure_strategy=VERSION_STRATEGIES)
    except AwesomeVersionException as err:
        raise vol.Invalid(f"not a version: {value}") from err
    return value


def _countries(value: Any) -> list[str]:
    """utils/validate.py _country_validator: ISO 3166 alpha-2 codes (any case) or ALL."""
    codes = [value] if isinstance(value, str) else value
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        raise vol.Invalid("not a string or a list of strings")
    for code in codes:
        if code.upper() not in COUNTRIES | {"ALL"}:
            raise vol.Invalid(f"not a country code: {code}")
    return [code.upper() for code in codes]


# utils/validate.py HACS_MANIFEST_JSON_SCHEMA (no other key allowed); the minimum versions as versions
HACS_JSON = vol.Schema(
    {
        vol.Required("name"): str,
        vol.Optional("content_in_root"): bool,
        vol.Optional("country"): _countries,
        vol.Optional("filename"): str,
        vol.Optional("hacs"): _version,
        vol.Optional("hide_default_branch"): bool,
        vol.Optional("homeassistant"): _version,
        vol.Optional("persistent_directory"): str,
        vol.Optional("render_readme"): bool,
        vol.Optional("zip_release"): bool,
    },
    extra=vol.PREVENT_EXTRA,
)
# utils/validate.py INTEGRATION_MANIFEST_JSON_SCHEMA (other keys allowed: hassfest's business);
# the version as Home Assistant's loader requires it, not only what AwesomeVersion coerces
INTEGRATION_MANIFEST = vol.Schema(
    {
        vol.Required("codeowners"): list,
        vol.Required("documentation"): cv.url,
        vol.Required("domain"): str,
        vol.Required("issue_tracker"): cv.url,
        vol.Required("name"): str,
        vol.Required("version"): _version,
    },
    extra=vol.ALLOW_EXTRA,
)


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def integration_dir(root: Path) -> tuple[Path | None, list[str]]:
    """repositories/integration.py validate_repository: the integration under custom_components/.

    HACS takes the first directory there and installs only that one: a second would never install.
    """
    base = root / "custom_components"
    found = (
        sorted(p for p in base.iterdir() if p.is_dir() and p.name != "__pycache__") if base.is_dir() else []
    )
    if len(found) != 1:
        return None, [f"custom_components/ holds {len(found)} integrations, not one"]
    return found[0], []


def _checked(path: Path, schema: vol.Schema) -> tuple[dict[str, Any], list[str]]:
    """A JSON file's content, and why HACS would refuse it (missing, or not fitting the schema)."""
    if not path.is_file():
        return {}, [f"no {path.name}"]
    data: dict[str, Any] = _json(path)
    try:
        schema(data)
    except vol.Invalid as err:
        return {}, [f"{path.name}: {err}"]
    return data, []


def hacs_json_problems(root: Path) -> list[str]:
    """validate/hacsjson.py: hacs.json exists and fits the schema; zip_release needs a filename."""
    data, problems = _checked(root / "hacs.json", HACS_JSON)
    if data.get("zip_release") and not data.get("filename"):
        problems.append("hacs.json: zip_release is True, but filename is not set")
    return problems


def manifest_problems(component: Path) -> list[str]:
    """validate/integration_manifest.py: manifest.json fits HACS's schema; its domain is the folder."""
    manifest, problems = _checked(component / "manifest.json", INTEGRATION_MANIFEST)
    if manifest and manifest["domain"] != component.name:
        problems.append(
            f"manifest.json: domain {manifest['domain']} is not the folder's name {component.name}"
        )
    return problems


def _png(path: Path) -> tuple[int, int] | str:
    """The size of a valid PNG file, or what is wrong with it."""
    try:
        with Image.open(path) as image:
            image.verify()  # checks the chunks' checksums
            if image.format != "PNG":
                return f"is {image.format}, not PNG"
            width, height = image.size
            return width, height
    except (OSError, SyntaxError) as err:
        return f"is not a valid image ({err})"


def _size_problem(name: str, width: int, height: int) -> str | None:
    """home-assistant/brands .github/workflows/validate/validate.sh: the size of each image."""
    base = name.removeprefix("dark_").removesuffix(".png")
    scale = 2 if base.endswith("@2x") else 1
    if base.removesuffix("@2x") == "icon":
        side = 256 * scale
        return None if (width, height) == (side, side) else f"{width}x{height}, must be {side}x{side}"
    shortest = min(width, height)
    low, high = 128 * scale, 256 * scale
    return None if low <= shortest <= high else f"shortest side {shortest}, must be {low}-{high}"


BRAND_FILES = {
    f"{dark}{kind}{hd}.png" for dark in ("", "dark_") for kind in ("icon", "logo") for hd in ("", "@2x")
}


def brand_problems(component: Path) -> list[str]:
    """validate/brands.py: <integration>/brand/icon.png (Home Assistant 2026.3+ serves it), and the
    rules of the brands repository's validate.sh for every image: known names, PNG, sizes, an hDPI
    image only with its normal one, no logo identical to its icon (the icon stands in for it)."""
    brand = component / "brand"
    if not (brand / "icon.png").is_file():
        return ["no brand/icon.png"]
    problems = []
    for path in sorted(brand.iterdir()):
        if path.name not in BRAND_FILES:
            problems.append(f"brand/{path.name}: unknown file")
            continue
        size = _png(path)
        if isinstance(size, str):
            problems.append(f"brand/{path.name} {size}")
        elif problem := _size_problem(path.name, *size):
            problems.append(f"brand/{path.name}: {problem}")
        if "@2x" in path.name and not (brand / path.name.replace("@2x", "")).is_file():
            problems.append(f"brand/{path.name}: hDPI image without its normal one")
        icon = brand / path.name.replace("logo", "icon")
        if "logo" in path.name and icon.is_file() and icon.read_bytes() == path.read_bytes():
            problems.append(f"brand/{path.name}: identical to {icon.name}")
    return problems


def information_problems(root: Path) -> list[str]:
    """validate/information.py: a README or info file (render_readme: HACS shows the README)."""
    names = {path.name.lower() for path in root.iterdir() if path.is_file()}
    return [] if names & {"readme", "readme.md", "info", "info.md"} else ["no information file"]


def license_problems(root: Path) -> list[str]:
    """validate/license.py: a licence GitHub identifies, OSI approved; here Apache's own text, the
    licence pyproject.toml declares."""
    path = root / "LICENSE"
    if not path.is_file():
        return ["no LICENSE file"]
    problems = []
    if hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest() != APACHE_2_MD5:
        problems.append("LICENSE is not the Apache License 2.0 text")
    declared = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"].get("license")
    if not declared or canonicalize_license_expression(declared) not in POPULAR_OSI_LICENSES:
        problems.append(f"pyproject.toml declares licence {declared!r}, not an OSI licence HACS knows")
    elif declared != "Apache-2.0":
        problems.append(f"pyproject.toml declares {declared}, LICENSE is Apache-2.0")
    return problems


def repository_problems(root: Path) -> list[str]:
    """Everything HACS checks that the repository's files show."""
    component, problems = integration_dir(root)
    problems += hacs_json_problems(root) + information_problems(root) + license_problems(root)
    if component is not None:
        problems += manifest_problems(component) + brand_problems(component)
    return problems


def test_repository_passes_hacs_checks() -> None:
    """The repository as HACS would validate it."""
    assert repository_problems(ROOT) == []


def test_hacs_minimum_is_the_minimum_tested() -> None:
    """hacs.json's minimum Home Assistant is the one the baseline tests run on."""
    pin = re.search(r"^homeassistant==(\S+)$", (ROOT / "requirements" / "test-2025.txt").read_text(), re.M)
    assert pin
    assert _json(ROOT / "hacs.json")["homeassistant"] == pin.group(1)


def test_pyproject_version_is_the_integrations() -> None:
    """One version: the manifest's, which HACS and Home Assistant read."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    manifest = _json(ROOT / "custom_components" / "service_hall" / "manifest.json")
    assert project["version"] == manifest["version"]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A copy of the files HACS reads, to break one at a time."""
    for name in ("hacs.json", "README.md", "LICENSE", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    component = ROOT / "custom_components" / "service_hall"
    copy = tmp_path / "custom_components" / "service_hall"
    (copy / "brand").mkdir(parents=True)
    shutil.copy(component / "manifest.json", copy / "manifest.json")
    for image in (component / "brand").iterdir():
        shutil.copy(image, copy / "brand" / image.name)
    assert repository_problems(tmp_path) == []
    return tmp_path


def _edit_json(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    data = _json(path)
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def _image(path: Path, size: tuple[int, int]) -> None:
    Image.new("RGBA", size).save(path, "PNG")


MANIFEST = "custom_components/service_hall/manifest.json"
BRAND = "custom_components/service_hall/brand"
BREAKS: dict[str, tuple[Callable[[Path], Any], str]] = {
    "second integration": (lambda r: (r / "custom_components" / "other").mkdir(), "holds 2 integrations"),
    "no hacs.json": (lambda r: (r / "hacs.json").unlink(), "no hacs.json"),
    "unknown hacs.json key": (
        lambda r: _edit_json(r / "hacs.json", lambda d: d.update(iot_class="x")),
        "iot_class",  # voluptuous words it "extra keys not allowed" (0.15) or "not a valid option" (0.16)
    ),
    "hacs.json without name": (lambda r: _edit_json(r / "hacs.json", lambda d: d.pop("name")), "name"),
    "bad country": (lambda r: _edit_json(r / "hacs.json", lambda d: d.update(country=["CN", "XX"])), "XX"),
    "bad minimum": (lambda r: _edit_json(r / "hacs.json", lambda d: d.update(homeassistant="soon")), "soon"),
    "zip without filename": (
        lambda r: _edit_json(r / "hacs.json", lambda d: d.update(zip_release=True)),
        "filename",
    ),
    "no issue tracker": (
        lambda r: _edit_json(r / MANIFEST, lambda d: d.pop("issue_tracker")),
        "issue_tracker",
    ),
    "bad documentation": (
        lambda r: _edit_json(r / MANIFEST, lambda d: d.update(documentation="docs")),
        "documentation",
    ),
    "bad version": (lambda r: _edit_json(r / MANIFEST, lambda d: d.update(version="one")), "one"),
    "other domain": (lambda r: _edit_json(r / MANIFEST, lambda d: d.update(domain="hall")), "domain hall"),
    "no icon": (lambda r: (r / BRAND / "icon.png").unlink(), "no brand/icon.png"),
    "small icon": (lambda r: _image(r / BRAND / "icon.png", (128, 128)), "must be 256x256"),
    "icon not PNG": (lambda r: Image.new("RGB", (256, 256)).save(r / BRAND / "icon.png", "JPEG"), "not PNG"),
    "broken icon": (
        lambda r: (r / BRAND / "icon.png").write_bytes(b"\x89PNG\r\n\x1a\n"),
        "not a valid image",
    ),
    "hDPI icon size": (lambda r: _image(r / BRAND / "icon@2x.png", (256, 256)), "must be 512x512"),
    "logo too thin": (lambda r: _image(r / BRAND / "logo.png", (512, 100)), "shortest side 100"),
    "logo too big": (lambda r: _image(r / BRAND / "logo.png", (600, 300)), "shortest side 300"),
    "logo is the icon": (lambda r: shutil.copy(r / BRAND / "icon.png", r / BRAND / "logo.png"), "identical"),
    "hDPI logo alone": (lambda r: _image(r / BRAND / "logo@2x.png", (512, 256)), "without its normal"),
    "unknown brand file": (lambda r: _image(r / BRAND / "banner.png", (256, 256)), "unknown file"),
    "no README": (lambda r: (r / "README.md").unlink(), "no information file"),
    "no LICENSE": (lambda r: (r / "LICENSE").unlink(), "no LICENSE"),
    "edited LICENSE": (
        lambda r: (r / "LICENSE").write_text((ROOT / "LICENSE").read_text().replace("2004", "2005")),
        "not the Apache",
    ),
    "proprietary": (
        lambda r: (r / "pyproject.toml").write_text(
            (ROOT / "pyproject.toml")
            .read_text()
            .replace('license = "Apache-2.0"', 'license = "LicenseRef-Own"')
        ),
        "not an OSI licence",
    ),
}


@pytest.mark.parametrize("name", BREAKS)
def test_hacs_checks_refuse(repo: Path, name: str) -> None:
    """Each check fails on the fault it is for (a copy of the repository, broken one way)."""
    breaking, problem = BREAKS[name]
    breaking(repo)
    found = repository_problems(repo)
    assert len(found) == 1 and problem in found[0], found


def test_logo_of_a_valid_size_is_accepted(repo: Path) -> None:
    """A wide logo with a shortest side in range, and an hDPI icon, pass: the checks are not just strict."""
    _image(repo / BRAND / "logo.png", (512, 256))
    _image(repo / BRAND / "icon@2x.png", (512, 512))
    assert repository_problems(repo) == []
