"""The staff page listing translations that wait for a native speaker's review."""
from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l

from ..staff import auth, menu
from ..staff.auth import requires
from ..staff.models import ADMINISTRATOR, CAMPAIGN_STAFF
from . import review

bp = Blueprint("content_admin", __name__, url_prefix="/staff/translations")
auth.install(bp)
menu.register("content_admin.index", _l("Translations"), (ADMINISTRATOR, CAMPAIGN_STAFF), order=60)


@bp.get("")
@requires(ADMINISTRATOR, CAMPAIGN_STAFF)
def index():
    return render_template("content/staff_review.html", reviews=review.languages(), states={
        review.NOT_TRANSLATED: _l("Not translated: shown in English"),
        review.NEEDS_REVIEW: _l("Waiting for review"),
        review.REVIEWED: _l("Reviewed"),
    })
