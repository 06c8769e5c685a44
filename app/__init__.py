"""Application factory."""
from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from . import database, errors, i18n, security  # noqa: F401  (database: every connection's settings)
from .config import BASE_DIR, config_for, engine_options, private_sqlite_file
from .extensions import babel, csrf, db, limiter, migrate
from .requests import Request


def create_app(config_name: str | None = None, **overrides) -> Flask:
    config_class = config_for(config_name)
    app = Flask(
        __name__,
        static_folder=str(BASE_DIR / "static"),
        instance_path=str(config_class.INSTANCE_DIR),
    )
    app.request_class = Request
    app.config.from_object(config_class)
    app.config.update(overrides)
    config_class.load(app.config)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
    private_sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])

    from .core.session import PublicSessionInterface

    app.session_interface = PublicSessionInterface()

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(BASE_DIR / "app" / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    limiter.init_app(app)
    security.init_app(app)
    errors.init_app(app)

    from . import campaigns, cases, centres, followup, indicators, outbox, outcomes, plan, reporting, retention  # noqa: F401  (models, so migrations see every table)
    from .core import bp as core_bp
    from .core import assets, templating
    from .content import bp as content_bp
    from .staff import bp as staff_bp
    from .campaigns import staff as campaign_staff
    from .centres import staff as centre_staff
    from .content import staff as content_staff
    from .outcomes import staff as outcome_staff

    templating.init_app(app)
    assets.init_app(app)
    app.register_blueprint(core_bp)
    app.register_blueprint(campaigns.bp)
    app.register_blueprint(centres.bp)
    app.register_blueprint(reporting.bp)
    app.register_blueprint(followup.bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(cases.bp)
    app.register_blueprint(cases.referral_bp)
    app.register_blueprint(campaign_staff.bp)
    app.register_blueprint(centre_staff.bp)
    app.register_blueprint(outbox.bp)
    app.register_blueprint(retention.bp)
    app.register_blueprint(indicators.staff_bp)
    app.register_blueprint(indicators.public_bp)
    app.register_blueprint(plan.bp)
    app.register_blueprint(content_staff.bp)
    app.register_blueprint(outcomes.bp)
    app.register_blueprint(outcome_staff.bp)
    # Content last: it owns the catch-all /<slug> route.
    app.register_blueprint(content_bp)

    from .backup import register as register_backup
    from .core.cli import register as register_cli
    from .core.logs import hide_addresses
    from .doctor import register as register_doctor

    hide_addresses()

    register_cli(app)
    register_doctor(app)
    register_backup(app)

    # The proxy's forwarded address and scheme are applied before anything reads them.
    if app.config["TRUSTED_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    return app

