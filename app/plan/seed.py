"""The strategy's action plan as the project ships it (data/actions.yaml), read into plain rows.
Migration 0017 loads these rows into a new database once; tests load them with `load()`."""
from pathlib import Path

import yaml

PLAN = Path(__file__).with_name("data") / "actions.yaml"
ACTION_FIELDS = ("code", "priority", "title", "owner", "timescale")


def actions() -> list[dict]:
    """Each action's fields, with its indicators' fields (defaults filled in)."""
    found = []
    for item in yaml.safe_load(PLAN.read_text(encoding="utf-8"))["actions"]:
        action = {name: str(item[name]) for name in ACTION_FIELDS}
        action["indicators"] = [{
            "key": each["key"], "wording": each["wording"], "baseline": each.get("baseline", ""),
            "measure": each["measure"], "unit": each.get("unit", "count"), "direction": each.get("direction", "up"),
            "suppress": bool(each.get("suppress", False)), "public": bool(each.get("public", False)),
            "by_area": bool(each.get("by_area", False)), "target": None, "stale_months": 4,
        } for each in item["indicators"]]
        found.append(action)
    return found


def load(session) -> None:
    """Loads the shipped plan into an empty plan (tests, and databases made without migrations)."""
    from .models import PlanAction, PlanActionChange, PlanIndicator

    for item in actions():
        values = {name: item[name] for name in ACTION_FIELDS}
        action = PlanAction(**values)
        session.add(action)
        session.flush()
        session.add(PlanActionChange(action_id=action.id, staff_id=None, values={**values, "retired": False}))
        for each in item["indicators"]:
            session.add(PlanIndicator(action_id=action.id, **each))
    session.flush()
