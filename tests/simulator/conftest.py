"""The simulator runs the hall package without Home Assistant: the hall tests' fixture overrides
(no test instance, no config directory, no garbage collection between modules) apply here too."""

from __future__ import annotations

from ..hall.conftest import auto_enable_custom_integrations, garbage_collection, isolated_config_dir

__all__ = ["auto_enable_custom_integrations", "garbage_collection", "isolated_config_dir"]
