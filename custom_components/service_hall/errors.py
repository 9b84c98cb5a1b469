"""The one boundary where the hall's refusals and storage failures become Home Assistant's errors.

The hall (``hall/``) refuses with ``HallError(key, **placeholders)``; the Home Assistant layer
raises those wherever it refuses too. Every entry point that a user reaches (actions, buttons,
commands of the coordinator) runs inside :func:`translate_errors`, so a refusal reaches the user
translated in the hall's languages, and so does a disk that fails a journal write.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from homeassistant.exceptions import ConfigEntryError, HomeAssistantError, ServiceValidationError

from .const import DOMAIN
from .hall import HallError

STORAGE_FAILED = "storage_failed"  # an OSError: the journal (or another file) could not be written or read


@contextmanager
def translate_errors() -> Iterator[None]:
    """Raise ``HallError`` as a translated ``ServiceValidationError`` (the caller's mistake) and
    ``OSError`` as a translated ``HomeAssistantError`` (the machine's fault)."""
    try:
        yield
    except HallError as err:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key=err.key,
            translation_placeholders=err.placeholders,
        ) from err
    except OSError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key=STORAGE_FAILED,
            translation_placeholders={"error": str(err) or type(err).__name__},
        ) from err


def setup_error(err: HallError) -> ConfigEntryError:
    """A hall that cannot be built from its entry (a layout broken behind the flows' back), told
    in the hall's words as the entry's setup error."""
    return ConfigEntryError(
        translation_domain=DOMAIN, translation_key=err.key, translation_placeholders=err.placeholders
    )
