"""Helpers for the real programs the end-to-end tests start: those of the run command's stack."""

from stack.processes import HOST, free_port, in_ci, run_command_env, stop, wait_for_port

__all__ = ["HOST", "free_port", "in_ci", "run_command_env", "stop", "wait_for_port"]
