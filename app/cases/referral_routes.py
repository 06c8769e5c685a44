"""The referral page Beacon opens from its e-mail. Thin: the rules are in referrals.py and services.py.

A GET only says the link works and offers a button: mail scanners that follow links must not use it up.
The button (a POST) uses the link and shows the referral, once."""
from flask import render_template, request

from . import referral_bp, referrals
from .routes import _labels

# Never in a search engine, whatever the link.
HEADERS = {"X-Robots-Tag": "noindex, nofollow"}


@referral_bp.route("/<token>", methods=["GET", "POST"])
def open_referral(token: str):
    if request.method == "GET":
        if not referrals.check(token):
            return render_template("cases/referral_gone.html"), 404, HEADERS
        return render_template("cases/referral_start.html"), 200, HEADERS
    shared = referrals.open_once(token)
    if shared is None:
        return render_template("cases/referral_gone.html"), 404, HEADERS
    return render_template("cases/referral.html", shared=shared, labels=_labels()), 200, HEADERS
