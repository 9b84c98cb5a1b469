"""The materials guides of a hall: read from ``service_hall/materials/*.yaml`` in the config directory.

Files are read in the executor when the hall is set up and by the ``reload_materials`` action.
A file with a mistake is not loaded at all; each such file becomes a repair issue that lists
every mistake with its line, in Home Assistant's language. The issue goes away once the file
loads (or is removed).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.issue_registry import IssueSeverity

from .const import DOMAIN
from .hall.materials import MAX_FILE_BYTES, Guides, read_guides

MATERIALS_DIR = ("service_hall", "materials")
ISSUE_MATERIALS_INVALID = "materials_invalid"
MAX_FILES = 200


@dataclass(slots=True)
class HallMaterials:
    """A running hall's guides: read at setup, replaced whole by the ``reload_materials`` action."""

    guides: Guides


def materials_dir(hass: HomeAssistant) -> Path:
    """Where the hall's guides live."""
    return Path(hass.config.path(*MATERIALS_DIR))


def _read_files(directory: Path) -> list[tuple[str, bytes]]:
    """The YAML files of the directory (executor: it touches the disk)."""
    if not directory.is_dir():
        return []
    files = sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    # A file larger than the limit is read only that far: the reader refuses it as too large.
    return [(p.name, p.open("rb").read(MAX_FILE_BYTES + 1)) for p in files[:MAX_FILES]]


def issue_id(entry_id: str, file: str) -> str:
    """The repair issue of one broken file of one hall."""
    return f"{entry_id}_{ISSUE_MATERIALS_INVALID}_{file}"


async def async_load_guides(hass: HomeAssistant, entry_id: str, services: list[str]) -> Guides:
    """Read every guide; raise an issue per broken file and clear those of files now fine."""
    files = await hass.async_add_executor_job(_read_files, materials_dir(hass))
    guides = await hass.async_add_executor_job(read_guides, files, services)
    language = hass.config.language
    prefix = f"{entry_id}_{ISSUE_MATERIALS_INVALID}_"
    registry = ir.async_get(hass)
    for domain, existing in list(registry.issues):
        if domain == DOMAIN and existing.startswith(prefix) and existing[len(prefix) :] not in guides.refused:
            ir.async_delete_issue(hass, DOMAIN, existing)
    for file, mistakes in guides.refused.items():
        ir.async_create_issue(
            hass,
            DOMAIN,
            issue_id(entry_id, file),
            is_fixable=False,
            severity=IssueSeverity.ERROR,
            translation_key=ISSUE_MATERIALS_INVALID,
            translation_placeholders={
                "file": f"{'/'.join(MATERIALS_DIR)}/{file}",
                "count": str(len(mistakes)),
                "mistakes": "\n".join(f"- {m.line_text(language)}" for m in mistakes),
            },
        )
    return guides


def async_delete_materials_issues(hass: HomeAssistant, entry_id: str) -> None:
    """A removed hall leaves no issues about its files."""
    prefix = f"{entry_id}_{ISSUE_MATERIALS_INVALID}_"
    for domain, existing in list(ir.async_get(hass).issues):
        if domain == DOMAIN and existing.startswith(prefix):
            ir.async_delete_issue(hass, DOMAIN, existing)
