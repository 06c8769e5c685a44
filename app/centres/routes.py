from flask import abort, current_app, jsonify, render_template, request
from flask_babel import format_decimal

from .. import geography, messages
from . import bp, gazetteer, services
from .forms import DistrictForm, NearForm

PROBLEMS = {
    "empty": messages.CENTRES_NEAR_EMPTY,
    "too-long": messages.CENTRES_NEAR_TOO_LONG,
    "not-found": messages.CENTRES_NEAR_NOT_FOUND,
    "postcode-unknown": messages.CENTRES_POSTCODE_UNKNOWN,
    "postcode-malformed": messages.CENTRES_POSTCODE_MALFORMED,
}


@bp.context_processor
def helpers() -> dict:
    return {
        "district_name": geography.district_name,
        "split_list": services.split_list,
        "format_decimal": format_decimal,
    }


def _map_settings() -> dict:
    return {
        "tile_url": current_app.config["MAP_TILE_URL"],
        "attribution": current_app.config["MAP_ATTRIBUTION"],
    }


@bp.get("/centres")
def index():
    near_form = NearForm(request.args)
    district_form = DistrictForm(request.args)
    district = request.args.get("district", "").strip()
    near = request.args.get("near", "")
    if district and district not in geography.BY_SLUG:
        district_form.district.errors = [messages.CENTRES_DISTRICT_UNKNOWN]
        district = ""
    # Pressing "Find the nearest" with the box empty asks for a place; an empty box otherwise shows all.
    searched = "find" in request.args or bool(near.strip())
    finding = services.find(near if searched else "", district or None)
    lookup = finding.lookup
    if searched and not near.strip():
        lookup = gazetteer.lookup("")
    # A place elsewhere is not a mistake: the page says so and where to report instead (no error).
    if lookup is not None and not lookup.found and lookup.problem != "outside":
        shown_query = lookup.query[:60]
        near_form.near.errors = [PROBLEMS[lookup.problem] % {"query": shown_query}]
    return render_template(
        "centres/index.html",
        near_form=near_form,
        district_form=district_form,
        finding=finding,
        lookup=lookup,
        district=geography.BY_SLUG.get(district),
        districts=geography.DISTRICTS,
        map=_map_settings(),
    )


@bp.get("/centres.json")
def as_json():
    centres = services.active_centres(request.args.get("district") or None)
    return jsonify({"centres": [services.as_json(c) for c in centres]})


@bp.get("/centres/<slug>")
def centre(slug: str):
    found = services.active_by_slug(slug)
    if found is None:
        abort(404)
    return render_template(
        "centres/centre.html",
        centre=found,
        map=_map_settings(),
    )
