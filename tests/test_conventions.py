"""Rules the integration keeps: translations, icons, quality scale, manifest, APIs to avoid."""

from __future__ import annotations

import ast
import json
import re
import string
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import voluptuous as vol
import yaml
from license_expression import (
    AND,
    OR,
    ExpressionError,
    LicenseSymbol,
    LicenseWithExceptionSymbol,
    get_spdx_licensing,
)
from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression
from packaging.requirements import InvalidRequirement, Requirement

ROOT = Path(__file__).parent.parent
COMPONENT = ROOT / "custom_components" / "service_hall"
HALL = COMPONENT / "hall"
LANGUAGES = ("en", "zh-Hans")
PLATFORM_MODULES = ("sensor.py", "button.py", "event.py")


def translations(language: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (COMPONENT / "translations" / f"{language}.json").read_text(encoding="utf-8")
    )
    return data


def leaves(data: Any, prefix: str = "") -> set[str]:
    if isinstance(data, dict):
        out: set[str] = set()
        for key, value in data.items():
            out |= leaves(value, f"{prefix}.{key}" if prefix else key)
        return out
    return {prefix}


def sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in COMPONENT.rglob("*.py")}


def test_languages_have_the_same_keys() -> None:
    """zh-Hans is first class: it has every key English has, and no other."""
    assert leaves(translations("zh-Hans")) == leaves(translations("en"))


def test_placeholders_match_between_languages() -> None:
    """A translated message uses the same placeholders as the English one."""
    english, chinese = translations("en"), translations("zh-Hans")

    def lookup(data: Any, path: str) -> Any:
        for part in path.split("."):
            data = data[part]
        return data

    for path in leaves(english):
        en_text, zh_text = lookup(english, path), lookup(chinese, path)
        assert set(re.findall(r"{(\w+)}", en_text)) == set(re.findall(r"{(\w+)}", zh_text)), path


# What hassfest's translation schema (script/hassfest/translations.py in home-assistant/core) refuses.
# hassfest cannot be installed here: its rules are mirrored offline. Its translation_key_validator
# pattern: lowercase letters, digits, - and _, not at either end nor two in a row. hassfest applies
# it to selector option keys, entity, state and action keys (cv.slug, stricter, to the rest); we
# apply it to every key at every level, which all our keys meet.
TRANSLATION_KEY = re.compile(r"^(?!.+[_-]{2})(?![_-])[a-z0-9-_]+(?<![_-])$")
# validate_translation_value: a placeholder in single quotes, a combined [%key:…%] reference, a URL
RE_QUOTED_PLACEHOLDER = re.compile(r"'{\w+}'")
RE_COMBINED_REFERENCE = re.compile(r"(.+\[%)|(%\].+)")
RE_URL = re.compile(
    r"(((ftp|ftps|scp|http|https|mqtt|mqtts|socket|socks5):\/\/|www\.)"
    r"[a-z0-9]+([\-\.]{1}[a-z0-9]+)*\.[a-z]{2,5}(:[0-9]{1,5})?(\/.*)?)",
    re.IGNORECASE,
)


def _no_placeholders_allowed(path: tuple[str, ...]) -> bool:
    """hassfest's allow_placeholders=False: entity states, state attributes, units."""
    if path[:1] != ("entity",) or len(path) < 5:
        return False
    return path[3] in ("state", "unit_of_measurement") or (
        path[3] == "state_attributes" and len(path) >= 6 and path[5] in ("name", "state")
    )


def translation_problems(data: Any, path: tuple[str, ...] = ()) -> list[str]:
    """What hassfest would refuse in a translation file, each with the path it is at."""
    from homeassistant.helpers import config_validation as cv

    where = ".".join(path)
    if isinstance(data, dict):
        problems = [
            f"{where}.{key}: key not in hassfest's pattern" for key in data if not TRANSLATION_KEY.match(key)
        ]
        # gen_data_entry_schema's data_description_validator: a description only for a field shown
        for key in data.get("data_description", {}) if path[-2:-1] == ("step",) else ():
            if key not in data.get("data", {}):
                problems.append(f"{where}.data_description.{key}: not in data")
        for key, value in data.items():
            problems += translation_problems(value, (*path, key))
        return problems
    if not isinstance(data, str):
        return [f"{where}: not a string"]
    problems = []
    try:
        cv.string_with_no_html(data)  # the very validator hassfest calls
    except vol.Invalid:
        problems.append(f"{where}: looks like HTML")
    if RE_QUOTED_PLACEHOLDER.search(data):
        problems.append(f"{where}: placeholder in single quotes")
    try:  # validate_placeholders: string.Formatter must parse it, every field an identifier
        fields = [field for _, field, _, _ in string.Formatter().parse(data) if field]
    except ValueError:
        problems.append(f"{where}: unbalanced braces")
    else:
        problems += [
            f"{where}: placeholder {{{f}}} is not an identifier" for f in fields if not f.isidentifier()
        ]
        if fields and _no_placeholders_allowed(path):
            problems.append(f"{where}: placeholders are not allowed here")
    if RE_COMBINED_REFERENCE.search(data):
        problems.append(f"{where}: combined translation reference")
    if data != data.strip():
        problems.append(f"{where}: leading or trailing spaces")
    if RE_URL.search(data):
        problems.append(f"{where}: a URL (use a description placeholder)")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_pass_hassfest(language: str) -> None:
    """Every key and string of a translation file is one hassfest accepts."""
    assert translation_problems(translations(language)) == []


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ({"selector": {"language": {"options": {"zh-Hans": "Chinese"}}}}, "key not in hassfest's pattern"),
        ({"entity": {"sensor": {"wait_": {"name": "Wait"}}}}, "key not in hassfest's pattern"),
        ({"config": {"step": {"user": {"description": "Open /queue/<hall id>"}}}}, "looks like HTML"),
        ({"exceptions": {"x": {"message": "No '{ticket}' today"}}}, "placeholder in single quotes"),
        ({"exceptions": {"x": {"message": "Ticket {ticket"}}}, "unbalanced braces"),
        ({"exceptions": {"x": {"message": "Ticket {0}"}}}, "is not an identifier"),
        ({"entity": {"sensor": {"s": {"state": {"open": "Open {n}"}}}}}, "placeholders are not allowed here"),
        ({"title": "See https://example.com/help"}, "a URL"),
        ({"title": "Hall "}, "leading or trailing spaces"),
        ({"title": "[%key:common::x%] hall"}, "combined translation reference"),
        ({"options": {"step": {"s": {"data": {}, "data_description": {"a": "A"}}}}}, "not in data"),
    ],
)
def test_hassfest_rules_refuse(bad: dict[str, Any], problem: str) -> None:
    """The mirrored rules catch what they are meant to catch."""
    found = translation_problems(bad)
    assert len(found) == 1 and problem in found[0], found


def test_every_translation_key_in_code_is_translated() -> None:
    """Entity translation keys used in code exist for their platform in both languages."""
    used: set[tuple[str, str]] = set()
    for module in PLATFORM_MODULES:
        text = (COMPONENT / module).read_text(encoding="utf-8")
        used |= {(module.removesuffix(".py"), key) for key in re.findall(r'translation_key="(\w+)"', text)}
    assert used
    for language in LANGUAGES:
        entity = translations(language)["entity"]
        for platform, key in used:
            assert key in entity[platform], (language, platform, key)


def test_every_hall_error_is_translated() -> None:
    """Every refusal the hall can raise has a message in both languages."""
    keys: set[str] = set()
    refused: set[str] = set()
    for path, text in sources().items():
        if path.name in ("config_flow.py", "subentry_flows.py", "flow_forms.py"):
            continue  # the flows show their refusals as form errors
        if path.name == "layout_entries.py":  # a refused deletion is told in a repair issue
            refused |= set(re.findall(r'HallError\(\s*"(\w+)"', text))
            continue
        keys |= set(re.findall(r'HallError\(\s*"(\w+)"', text))
        keys |= set(re.findall(r'_error\(\s*"(\w+)"', text))
        keys |= set(re.findall(r"_invalid\(", text) and ["layout_invalid"])
    keys |= {"hall_required", "hall_not_loaded"}
    assert len(keys) > 30
    for language in LANGUAGES:
        exceptions = translations(language)["exceptions"]
        missing = keys - set(exceptions)
        assert not missing, (language, missing)
        issues = translations(language)["issues"]
        assert refused and not {f"removal_refused_{key}" for key in refused} - set(issues), language


def test_every_action_is_described_and_has_an_icon() -> None:
    """services.yaml, the translations and icons.json name the same actions and fields."""
    from custom_components.service_hall.services import HANDLERS

    described = yaml.safe_load((COMPONENT / "services.yaml").read_text(encoding="utf-8"))
    actions = {*HANDLERS, "import_layout"}
    assert set(described) == actions
    icons = json.loads((COMPONENT / "icons.json").read_text(encoding="utf-8"))
    assert set(icons["services"]) == actions
    for language in LANGUAGES:
        services = translations(language)["services"]
        assert set(services) == actions
        for action, spec in described.items():
            assert set(services[action]["fields"]) == set(spec["fields"]), (language, action)


def test_every_entity_translation_key_has_an_icon() -> None:
    """Icons come from icons.json, by translation key."""
    icons = json.loads((COMPONENT / "icons.json").read_text(encoding="utf-8"))["entity"]
    for platform, keys in translations("en")["entity"].items():
        assert set(keys) <= set(icons[platform]), platform


def test_platforms_set_parallel_updates() -> None:
    """Every platform module says how many updates may run at once."""
    for module in PLATFORM_MODULES:
        assert re.search(
            r"^PARALLEL_UPDATES = \d+", (COMPONENT / module).read_text(encoding="utf-8"), re.M
        ), module


def test_hall_package_has_no_home_assistant_imports() -> None:
    """The hall's logic can be read and tested on its own."""
    for path in HALL.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.startswith("homeassistant") for name in names), path


REMOVED_OR_TOO_NEW = [
    r"async_forward_entry_setup\(",
    r"register_static_path\(",
    r"hass\.helpers\.",
    r"hass\.components\.",
    r"components\.zeroconf import",
    r"async_track_state_change\(",
    r"helpers\.json import json_loads",
    r"utc_to_timestamp",
    r"hass\.data\[\"lovelace\"\]",
    r"async_extract_config_entry_ids",
    r"async_extract_entity_ids",
    r"async_extract_entities",
    r"verify_domain_control",
    r"self\.config_entry\s*=",
    r"async_update_and_abort",
    r"OptionsFlowWithReload",
    r"async_register_platform_entity_service",
    r"async_unload_platforms_or_raise",
    r"async_start_reauth_if_available",
    r"async_on_subscribe_done",
    r"retry_after=",
    # (not via_device_id: entity.py uses it where DeviceInfo has it, 2026.10 deprecating via_device)
    r"async_get_device_by_identifier",
    r"serialize_in_event_loop",
    r"service\.async_get_config_entry",
]


@pytest.mark.parametrize("pattern", REMOVED_OR_TOO_NEW)
def test_no_api_removed_by_2026_11_or_missing_in_2025_4(pattern: str) -> None:
    """Users run 2026.11 and the baseline is 2025.4: use what both have."""
    for path, text in sources().items():
        assert not re.search(pattern, text), f"{path.name}: {pattern}"


def test_manifest_is_valid_for_hassfest() -> None:
    """Sorted keys (domain, name, then alphabetical), only known keys, required ones present."""
    manifest = json.loads((COMPONENT / "manifest.json").read_text(encoding="utf-8"))
    keys = list(manifest)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    known = {
        "domain",
        "name",
        "after_dependencies",
        "codeowners",
        "config_flow",
        "dependencies",
        "documentation",
        "integration_type",
        "iot_class",
        "issue_tracker",
        "loggers",
        "requirements",
        "version",
        "zeroconf",
        "mqtt",
        "dhcp",
        "ssdp",
        "usb",
        "bluetooth",
        "homekit",
        "single_config_entry",
        "quality_scale",
    }
    assert set(keys) <= known
    for required in (
        "version",
        "documentation",
        "issue_tracker",
        "codeowners",
        "iot_class",
        "integration_type",
    ):
        assert manifest[required], required
    assert manifest["documentation"].startswith("https://")
    assert "home-assistant.io" not in manifest["documentation"]
    # hacs.json and HACS's own manifest checks: tests/test_hacs.py


QUALITY_RULES = {
    "bronze": [
        "action-setup",
        "appropriate-polling",
        "brands",
        "common-modules",
        "config-flow-test-coverage",
        "config-flow",
        "dependency-transparency",
        "docs-actions",
        "docs-high-level-description",
        "docs-installation-instructions",
        "docs-removal-instructions",
        "entity-event-setup",
        "entity-unique-id",
        "has-entity-name",
        "runtime-data",
        "test-before-configure",
        "test-before-setup",
        "unique-config-entry",
    ],
    "silver": [
        "action-exceptions",
        "config-entry-unloading",
        "docs-configuration-parameters",
        "docs-installation-parameters",
        "entity-unavailable",
        "integration-owner",
        "log-when-unavailable",
        "parallel-updates",
        "reauthentication-flow",
        "test-coverage",
    ],
    "gold": [
        "devices",
        "diagnostics",
        "discovery-update-info",
        "discovery",
        "docs-data-update",
        "docs-examples",
        "docs-known-limitations",
        "docs-supported-devices",
        "docs-supported-functions",
        "docs-troubleshooting",
        "docs-use-cases",
        "dynamic-devices",
        "entity-category",
        "entity-device-class",
        "entity-disabled-by-default",
        "entity-translations",
        "exception-translations",
        "icon-translations",
        "reconfiguration-flow",
        "repair-issues",
        "stale-devices",
    ],
    "platinum": ["async-dependency", "inject-websession", "strict-typing"],
}


def quality_scale() -> dict[str, str]:
    rules = yaml.safe_load((COMPONENT / "quality_scale.yaml").read_text(encoding="utf-8"))["rules"]
    out: dict[str, str] = {}
    for rule, value in rules.items():
        if isinstance(value, dict):
            assert value.get("comment"), f"{rule}: a status other than done needs a comment"
            out[rule] = value["status"]
        else:
            out[rule] = value
    return out


def test_quality_scale_lists_every_rule_honestly() -> None:
    """Every rule has a status; exempt and todo say why."""
    statuses = quality_scale()
    every = {rule for rules in QUALITY_RULES.values() for rule in rules}
    assert set(statuses) == every
    # Platinum, all of it: no rule is left to do, and every exemption says why (quality_scale()).
    assert set(statuses.values()) <= {"done", "exempt"}
    # Silver is complete: every bronze and silver rule is done or exempt.
    for tier in ("bronze", "silver"):
        for rule in QUALITY_RULES[tier]:
            assert statuses[rule] in ("done", "exempt"), rule


# Quality scale rule dependency-transparency (developers.home-assistant.io, core/integration-quality-scale/
# rules/dependency-transparency): a requirement's source is under an OSI-approved licence, it is on
# PyPI, built and published from a public CI pipeline, its version a tagged release in an open
# repository. What a requirement's installed metadata shows is checked: the licence (as Home
# Assistant's script/licenses.py reads it: License-Expression, else License when it is an SPDX
# expression, else the OSI license classifiers), a public source repository among its URLs, an install
# from a package index (no PEP 610 direct_url.json: not a path, URL or VCS checkout) at the pinned
# version. The CI pipeline and the tag are on the project's forge: checked by hand for each new one.
# SPDX identifiers of OSI-approved licences (opensource.org/licenses), those Python packages use.
OSI_APPROVED_SPDX = {
    "0BSD", "AFL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later", "Apache-2.0", "Artistic-2.0", "BSD-1-Clause",
    "BSD-2-Clause", "BSD-3-Clause", "BSL-1.0", "CDDL-1.0", "EPL-1.0", "EPL-2.0", "EUPL-1.2", "GPL-2.0-only",
    "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later", "HPND", "ISC", "LGPL-2.1-only",
    "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later", "MIT", "MIT-0", "MPL-1.1", "MPL-2.0",
    "MulanPSL-2.0", "OSL-3.0", "PostgreSQL", "PSF-2.0", "Python-2.0", "Unlicense", "UPL-1.0", "Zlib",
    "ZPL-2.1",
}  # fmt: skip
SOURCE_HOSTS = ("github.com", "gitlab.com", "codeberg.org", "bitbucket.org", "git.sr.ht", "sourceforge.net")


def _spdx_osi(expression: str) -> bool | None:
    """Whether an SPDX expression is OSI approved (one side of an OR is enough); None: not SPDX."""
    try:  # packaging knows the SPDX list and LicenseRef- identifiers; license_expression the grammar
        parsed = get_spdx_licensing().parse(canonicalize_license_expression(expression))
    except (InvalidLicenseExpression, ExpressionError):
        return None

    def approved(node: Any) -> bool:
        if isinstance(node, LicenseWithExceptionSymbol):
            return approved(node.license_symbol)
        if isinstance(node, LicenseSymbol):
            return str(node.key) in OSI_APPROVED_SPDX
        if isinstance(node, OR):
            return any(approved(arg) for arg in node.args)
        return isinstance(node, AND) and all(approved(arg) for arg in node.args)

    return approved(parsed) if parsed is not None else None


def licence_is_osi_approved(dist: metadata.Distribution) -> bool:
    """The licence the distribution declares, read as Home Assistant's licence check reads it."""
    meta = dist.metadata
    if expression := meta.get("License-Expression"):
        return bool(_spdx_osi(expression))
    if (text := meta.get("License")) and "\n" not in text and (found := _spdx_osi(text)) is not None:
        return found
    return any(
        c.startswith("License :: OSI Approved :: ") and c != "License :: OSI Approved"
        for c in meta.get_all("Classifier") or []
    )


def dependency_problems(requirement: str, dist: metadata.Distribution | None = None) -> list[str]:
    """What dependency-transparency refuses in one manifest requirement, as far as shown offline."""
    try:
        req = Requirement(requirement)
    except InvalidRequirement:
        return [f"{requirement}: not a requirement"]
    pins = [spec.version for spec in req.specifier if spec.operator == "=="]
    if not pins:
        return [f"{requirement}: not pinned to one released version"]
    try:
        dist = dist or metadata.distribution(req.name)
    except metadata.PackageNotFoundError:
        return [f"{requirement}: not installed in the test environment, nothing to check"]
    problems = []
    if dist.version not in req.specifier:
        problems.append(f"{requirement}: {dist.version} installed")
    if not licence_is_osi_approved(dist):
        problems.append(f"{requirement}: no OSI-approved licence in its metadata")
    urls = [entry.partition(",")[2].strip() for entry in dist.metadata.get_all("Project-URL") or []]
    urls.append(dist.metadata.get("Home-page") or "")
    if not any((urlsplit(url).hostname or "").endswith(SOURCE_HOSTS) for url in urls):
        problems.append(f"{requirement}: no public source repository among its URLs")
    if dist.read_text("direct_url.json") is not None:
        problems.append(f"{requirement}: installed from a path or URL, not from PyPI")
    return problems


def test_dependency_transparency_on_real_distributions() -> None:
    """Packages the tests run with, as a requirement of ours would be read: all transparent."""
    for name in ("aiohttp", "voluptuous", "homeassistant", "PyYAML"):
        assert dependency_problems(f"{name}=={metadata.version(name)}") == [], name


def _made_up(tmp_path: Path, fields: str, direct_url: bool = False) -> metadata.Distribution:
    """An installed distribution with these metadata fields (name madeup, version 1.0)."""
    info = tmp_path / "madeup-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.4\nName: madeup\nVersion: 1.0\n{fields}")
    if direct_url:
        (info / "direct_url.json").write_text('{"url": "file:///tmp/madeup", "dir_info": {}}')
    return metadata.PathDistribution(info)


SOURCE = "Project-URL: Source, https://github.com/madeup/madeup\n"


@pytest.mark.parametrize(
    ("fields", "requirement", "direct_url", "problems"),
    [
        ("License-Expression: MIT\n" + SOURCE, "madeup==1.0", False, []),
        ("License-Expression: MIT OR LicenseRef-Own\n" + SOURCE, "madeup==1.0", False, []),
        ("License: BSD-3-Clause\n" + SOURCE, "madeup==1.0", False, []),
        (
            "License-Expression: GPL-2.0-or-later WITH Classpath-exception-2.0\n" + SOURCE,
            "madeup==1.0",
            False,
            [],
        ),
        ("Classifier: License :: OSI Approved :: MIT License\n" + SOURCE, "madeup==1.0", False, []),
        (
            "License: Proprietary\nClassifier: License :: Other/Proprietary License\n"
            "Home-page: https://madeup.example\n",
            "madeup==1.0",
            False,
            ["no OSI-approved licence", "no public source repository"],
        ),
        ("License-Expression: MIT AND LicenseRef-Own\n" + SOURCE, "madeup==1.0", False, ["no OSI-approved"]),
        ("Classifier: License :: OSI Approved\n" + SOURCE, "madeup==1.0", False, ["no OSI-approved"]),
        ("License-Expression: MIT\n" + SOURCE, "madeup==1.0", True, ["not from PyPI"]),
        ("License-Expression: MIT\n" + SOURCE, "madeup==1.1", False, ["1.0 installed"]),
        ("License-Expression: MIT\n" + SOURCE, "madeup>=1.0", False, ["not pinned"]),
    ],
)
def test_dependency_transparency_refuses(
    tmp_path: Path, fields: str, requirement: str, direct_url: bool, problems: list[str]
) -> None:
    """Made-up metadata: each fault found, and only that one."""
    found = dependency_problems(requirement, _made_up(tmp_path, fields, direct_url))
    assert len(found) == len(problems), found
    for problem, text in zip(problems, found, strict=True):
        assert problem in text


def test_quality_scale_claims_hold() -> None:
    """The rules marked done that the sources can show."""
    statuses = quality_scale()
    text = sources()
    init = (COMPONENT / "__init__.py").read_text(encoding="utf-8")
    checks = {
        "action-setup": "async_setup_services(hass)" in init.split("async def async_setup_entry")[0],
        "brands": (COMPONENT / "brand" / "icon.png").read_bytes().startswith(b"\x89PNG"),
        "common-modules": (COMPONENT / "coordinator.py").exists() and (COMPONENT / "entity.py").exists(),
        "config-flow": json.loads((COMPONENT / "manifest.json").read_text())["config_flow"] is True,
        "dependency-transparency": not [
            problem
            for requirement in json.loads((COMPONENT / "manifest.json").read_text())["requirements"]
            for problem in dependency_problems(requirement)
        ],
        "runtime-data": not any("hass.data[DOMAIN]" in t for t in text.values()),
        "has-entity-name": "_attr_has_entity_name = True" in (COMPONENT / "entity.py").read_text(),
        "diagnostics": "async_get_config_entry_diagnostics" in (COMPONENT / "diagnostics.py").read_text(),
        "reconfiguration-flow": "async_step_reconfigure" in (COMPONENT / "config_flow.py").read_text(),
        "unique-config-entry": "_abort_if_unique_id_configured" in (COMPONENT / "config_flow.py").read_text(),
        "test-coverage": "--cov-fail-under=95" in (ROOT / "scripts" / "test").read_text(),
        "config-flow-test-coverage": "config_flow.py" in (ROOT / "scripts" / "test").read_text(),
        "docs-actions": documented("docs/installing.md", "## Actions"),
        "docs-removal-instructions": documented("docs/installing.md", "## Removal"),
        "docs-known-limitations": documented("docs/installing.md", "## Known limitations"),
        "docs-troubleshooting": documented("docs/installing.md", "## Troubleshooting"),
        "docs-supported-devices": documented("docs/window-units.md", "## Supported devices"),
    }
    for rule, holds in checks.items():
        if statuses[rule] == "done":
            assert holds, rule


# Documentation: README.md is the map, docs/ the pages (one per audience). A page's section that a
# quality-scale rule relies on must be there, and the page reachable from the README.

DOC_PAGES = ("README.md", "docs/*.md", "frigate/README.md", "esphome/README.md")
FENCE = re.compile(r"^\s*(```|~~~)")
LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def doc_pages() -> list[Path]:
    return sorted(path for pattern in DOC_PAGES for path in ROOT.glob(pattern))


def prose_lines(text: str) -> list[str]:
    """The lines outside fenced code blocks, inline code removed (links there are not links)."""
    lines, fenced = [], False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            lines.append(re.sub(r"`+[^`]*`+", "", line))
    return lines


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"`([^`]*)`", r"\1", heading.strip()).lower()
    return "".join(c for c in text if c.isalnum() or c in "-_ ").replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every heading's anchor in a Markdown page (repeated headings get -1, -2 … as on GitHub)."""
    found: set[str] = set()
    fenced = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and (match := re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)):
            slug = base = github_slug(match.group(1))
            n = 0
            while slug in found:
                n += 1
                slug = f"{base}-{n}"
            found.add(slug)
    return found


def broken_links(path: Path) -> list[str]:
    """The page's relative links whose file or anchor does not exist."""
    broken = []
    for line in prose_lines(path.read_text(encoding="utf-8")):
        for target in LINK.findall(line):
            if urlsplit(target).scheme or target.startswith("//"):
                continue  # http(s), mailto: not ours to check here
            file_part, _, anchor = target.partition("#")
            linked = (path.parent / file_part).resolve() if file_part else path
            if not linked.exists():
                broken.append(f"{target}: no such file")
            elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                broken.append(f"{target}: no heading #{anchor}")
    return broken


def documented(page: str, heading: str) -> bool:
    """The page has the heading (as a line of its own) and the README links the page."""
    path = ROOT / page
    if not path.exists() or heading not in path.read_text(encoding="utf-8").splitlines():
        return False
    readme = ROOT / "README.md"
    return any(
        (readme.parent / target.partition("#")[0]).resolve() == path.resolve()
        for line in prose_lines(readme.read_text(encoding="utf-8"))
        for target in LINK.findall(line)
    )


@pytest.mark.parametrize("path", doc_pages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_in_the_docs_resolve(path: Path) -> None:
    assert not broken_links(path)


def test_readme_is_a_map_that_reaches_every_page() -> None:
    readme = ROOT / "README.md"
    assert len(readme.read_text(encoding="utf-8").splitlines()) < 250
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert documented(f"docs/{page.name}", page.read_text(encoding="utf-8").splitlines()[0]), page.name


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("Privacy (隐私保护)", "privacy-隐私保护"),
        ("The demo: `./scripts/run`", "the-demo-scriptsrun"),
        ("The queue on citizens' phones", "the-queue-on-citizens-phones"),
        ("Phones are missed, or found where there is none", "phones-are-missed-or-found-where-there-is-none"),
        ("排队过长提醒 · Long wait alert", "排队过长提醒--long-wait-alert"),
    ],
)
def test_github_slug(heading: str, slug: str) -> None:
    assert github_slug(heading) == slug


def test_broken_links_are_found(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# Other\n\n## A part\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n[ok](other.md#a-part) [ok](#page) [web](https://example.com/x)\n"
        "[gone](missing.md) ![gone](img.png) [no part](other.md#b-part) [self](#nowhere)\n"
        "`[code](missing.md)`\n\n```\n[fenced](missing.md)\n```\n",
        encoding="utf-8",
    )
    assert broken_links(page) == [
        "missing.md: no such file",
        "img.png: no such file",
        "other.md#b-part: no heading #b-part",
        "#nowhere: no heading #nowhere",
    ]
