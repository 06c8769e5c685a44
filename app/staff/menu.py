"""The staff menu, filled in by each feature, so a new staff page is one `register` call away.

    from app.staff import menu
    menu.register("cases.queue", _l("Case queue"), (CASE_WORKER,), order=10)

The same entries appear in the top menu and on the staff home page, for the roles given only.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    endpoint: str
    label: object  # a lazy string: translated when shown
    roles: tuple[str, ...]
    order: int


_ENTRIES: dict[str, Entry] = {}


def register(endpoint: str, label, roles: tuple[str, ...], order: int = 50) -> None:
    _ENTRIES[endpoint] = Entry(endpoint, label, tuple(roles), order)


def entries_for(user) -> list[Entry]:
    if user is None:
        return []
    return sorted((e for e in _ENTRIES.values() if user.role in e.roles), key=lambda e: (e.order, e.endpoint))


# What waits for a role, shown on the staff home page as counts with links: each feature gives a
# function of the signed-in person returning [(label, count, url), ...].
_SUMMARIES: dict[str, tuple] = {}


def register_summary(key: str, title, roles: tuple[str, ...], counts) -> None:
    _SUMMARIES[key] = (title, tuple(roles), counts)


def summaries_for(user) -> list[tuple]:
    if user is None:
        return []
    return [(title, counts(user)) for title, roles, counts in _SUMMARIES.values() if user.role in roles]
