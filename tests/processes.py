"""Helpers for the real programs the end-to-end tests start: those of the run command's stack."""

from stack.processes import HOST, free_port, in_ci, stop, wait_for_port

__all__ = ["HOST", "free_port", "in_ci", "stop", "wait_for_port"]
