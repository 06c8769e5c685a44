"""Staff pages. Thin: parse, call a service, render or redirect."""
from flask import abort, current_app, g, make_response, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from .. import messages
from ..extensions import rate_limited
from . import audit, auth, bp, menu, services
from .auth import public, requires
from .forms import (
    ROLE_HINTS, ActionForm, CodeForm, InviteForm, LoginForm, PasswordSetUpForm, RoleForm, TotpSetUpForm,
)
from .models import ADMINISTRATOR

SIGN_IN_LIMIT = "20 per minute; 200 per hour"


def _sign_in_limit():
    return current_app.config.get("STAFF_SIGN_IN_RATE_LIMIT", SIGN_IN_LIMIT)


auth.install(bp)

menu.register("staff.users", _l("Accounts"), (ADMINISTRATOR,), order=80)
menu.register("staff.audit_log", _l("Audit trail"), (ADMINISTRATOR,), order=90)


def _start(user, second_factor_done: bool, target: str):
    token = services.start_session(user, second_factor_done, replacing=auth.current_session())
    g.staff_cookie_done = True
    return auth.set_cookie(redirect(target), token)


def _after_password(user):
    if user.totp_confirmed_at is None:
        return _start(user, False, url_for("staff.totp_set_up"))
    return _start(user, False, url_for("staff.login_code"))


# --- Signing in ------------------------------------------------------------------------------

@bp.route("/login", methods=["GET", "POST"])
@public
@rate_limited(_sign_in_limit, methods=["POST"])
def login():
    if auth.current_user() is not None:
        return redirect(url_for("staff.home"))
    form = LoginForm()
    if form.validate_on_submit():
        result = services.check_password(form.email.data, form.password.data)
        if result.ok:
            return _after_password(result.user)
        # One message for every failure: it never says whether the account exists.
        form.email.errors.append(messages.STAFF_SIGN_IN_FAILED)
        form.password.data = ""
    return render_template("staff/login.html", form=form)


@bp.route("/login/code", methods=["GET", "POST"])
@public
@rate_limited(_sign_in_limit, methods=["POST"])
def login_code():
    user = auth.pending_user()
    if user is None or user.totp_confirmed_at is None:
        return redirect(url_for("staff.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if services.check_second_factor(user, form.code.data):
            return _start(user, True, url_for("staff.home"))
        if services.is_locked(user):
            return redirect(url_for("staff.login"))
        form.code.errors.append(messages.STAFF_CODE_WRONG)
        form.code.data = ""
    return render_template("staff/login_code.html", form=form)


@bp.route("/two-factor/set-up", methods=["GET", "POST"])
@public
@rate_limited(_sign_in_limit, methods=["POST"])
def totp_set_up():
    user = auth.pending_user()
    if user is None or user.totp_confirmed_at is not None:
        return redirect(url_for("staff.login"))
    secret = services.pending_totp_secret(user)
    form = TotpSetUpForm()
    if form.validate_on_submit():
        codes = services.confirm_totp(user, form.code.data)
        if codes is not None:
            token = services.start_session(user, True, replacing=auth.current_session())
            g.staff_cookie_done = True
            g.staff_user = user
            # Shown once, in this response only: they are never stored in a readable form.
            response = render_template("staff/recovery_codes.html", codes=codes)
            return auth.set_cookie(make_response(response), token)
        if services.is_locked(user):
            return redirect(url_for("staff.login"))
        form.code.errors.append(messages.STAFF_SET_UP_CODE_WRONG)
        form.code.data = ""
    uri = services.provisioning_uri(user, secret)
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    return render_template("staff/totp_set_up.html", form=form, qr=services.qr_data_uri(uri), secret=grouped)


@bp.route("/set-up/<token>", methods=["GET", "POST"])
@public
@rate_limited(_sign_in_limit, methods=["POST"])
def set_up(token: str):
    user = services.user_for_setup_token(token)
    if user is None:
        return render_template("staff/set_up_expired.html"), 404
    form = PasswordSetUpForm()
    form.username.data = user.email
    if form.validate_on_submit():
        user = services.complete_setup(token, form.password.data)
        if user is None:
            return render_template("staff/set_up_expired.html"), 404
        return _after_password(user)
    return render_template("staff/set_up.html", form=form, email=user.email)


@bp.route("/logout", methods=["GET", "POST"])
@public
def logout():
    """GET shows a sign-out button (for a link or a refused form); POST signs out."""
    found = auth.current_session()
    if request.method == "GET":
        if found is None:
            return redirect(url_for("staff.login"))
        return render_template("staff/sign_out.html", form=ActionForm())
    if not ActionForm().validate_on_submit():
        abort(400)
    if found is not None:
        services.end_session(found)
    g.staff_session = None
    g.staff_cookie_done = True
    return auth.clear_cookie(redirect(url_for("staff.signed_out")))


@bp.get("/signed-out")
@public
def signed_out():
    return render_template("staff/signed_out.html")


# --- Signed in -------------------------------------------------------------------------------

@bp.get("/")
@requires()
def home():
    user = auth.current_user()
    return render_template("staff/home.html", recovery_left=services.recovery_codes_left(user),
                           summaries=menu.summaries_for(user))


@bp.get("/users")
@requires(ADMINISTRATOR)
def users():
    return render_template("staff/users.html", users=services.list_users(auth.current_user()))


@bp.route("/users/invite", methods=["GET", "POST"])
@requires(ADMINISTRATOR)
def invite():
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user, token = services.invite(auth.current_user(), form.email.data, form.role.data, form.name.data or "")
        except services.AccountError as exc:
            if exc.code == "name":
                form.name.errors.append(messages.STAFF_NAME_LENGTH)
            elif exc.code == "exists":
                form.email.errors.append(messages.STAFF_ACCOUNT_EXISTS)
            else:
                form.email.errors.append(messages.STAFF_EMAIL_FORMAT)
        else:
            # The link is on this page only: it is stored as a hash and cannot be shown again.
            return render_template("staff/invited.html", user=user, link=services.setup_link(token))
    return render_template("staff/invite.html", form=form, role_hints=ROLE_HINTS)


def _account_page(user, role_form=None, problem=None, link=None, status=200):
    role_form = role_form or RoleForm(formdata=None, role=user.role)
    return render_template(
        "staff/user.html", user=user, role_form=role_form, action_form=ActionForm(), problem=problem,
        link=link, is_self=user.id == auth.current_user().id, locked=services.is_locked(user),
        role_hints=ROLE_HINTS,
    ), status


@bp.route("/users/<public_id>", methods=["GET", "POST"])
@requires(ADMINISTRATOR)
def user(public_id: str):
    """One account. Its forms post back here (so the page, and its language links, always work)."""
    target = services.get_user(auth.current_user(), public_id)
    if request.method == "GET":
        return _account_page(target)
    action = request.form.get("action", "")
    if action == "role":
        form = RoleForm()
        if not form.validate_on_submit():
            return _account_page(target, role_form=form)
        try:
            services.change_role(auth.current_user(), target, form.role.data)
        except services.AccountError:
            form.role.errors.append(messages.STAFF_SELF_ROLE)
            return _account_page(target, role_form=form)
        return redirect(url_for("staff.user", public_id=target.public_id))
    if not ActionForm().validate_on_submit() or action not in ("disable", "enable", "set-up-link"):
        abort(400)
    if action == "set-up-link":
        try:
            token = services.new_setup_link(auth.current_user(), target)
        except services.AccountError:
            return redirect(url_for("staff.user", public_id=target.public_id))
        # Shown in this response only: the link is stored as a hash.
        return _account_page(target, link=services.setup_link(token))
    try:
        services.set_active(auth.current_user(), target, action == "enable")
    except services.AccountError:
        return _account_page(target, problem=messages.STAFF_SELF_DISABLE)
    return redirect(url_for("staff.user", public_id=target.public_id))


@bp.get("/audit")
@requires(ADMINISTRATOR)
def audit_log():
    action = request.args.get("action", "")
    if action not in audit.LABELS:
        action = ""
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and 0 < len(page) < 7 else 1
    events = audit.events(action or None, page=page)
    targets = services.emails_for([e.target_id for e in events.items if e.target_type == "staff_user"])
    return render_template("staff/audit.html", events=events, action=action, labels=audit.LABELS, targets=targets)
