"""Features register what "Exit this page" must forget (a report draft, a follow-up session)."""
from collections.abc import Callable

from flask import current_app


def register_exit_hook(app, hook: Callable[[], None]) -> None:
    app.extensions.setdefault("exit_hooks", []).append(hook)


def run_exit_hooks() -> None:
    for hook in current_app.extensions.get("exit_hooks", []):
        hook()
