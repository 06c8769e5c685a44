"""Response headers that every page carries. One place, so no page can forget them."""
from flask import Flask, current_app, request


def content_security_policy() -> str:
    img = ["'self'", "data:"] + current_app.config.get("CSP_EXTRA_IMG_SRC", [])
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src " + " ".join(img),
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def site_headers(*, path: str, static: bool = False) -> tuple[tuple[str, str], ...]:
    """The headers every response carries. Needs an app context: some follow the configuration,
    which does not change once the app serves, so each kind of response's set is built once."""
    kind = (static, path.startswith("/staff/") or path == "/staff")
    built = current_app.extensions.setdefault("security.headers", {})
    if kind not in built:
        built[kind] = tuple(_build_headers(static=kind[0], staff=kind[1]))
    return built[kind]


def _build_headers(*, static: bool, staff: bool) -> list[tuple[str, str]]:
    headers = [
        ("Content-Security-Policy", content_security_policy()),
        ("X-Content-Type-Options", "nosniff"),
        # Never tell other sites where a person came from; our own forms need the Referer, which
        # CSRF protection checks on every HTTPS post (it is refused without one).
        ("Referrer-Policy", "same-origin"),
        ("X-Frame-Options", "DENY"),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        headers.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
    # Any page may show what a person typed or which pages they read: never keep a copy in a
    # shared or back-button cache. Static files are versioned and cached normally.
    if not static:
        headers += [("Cache-Control", "no-store"), ("Pragma", "no-cache")]
    if staff:  # every staff feature
        headers.append(("X-Robots-Tag", "noindex, nofollow"))
    return headers


# Headers a view may not loosen: these replace whatever the view set. The rest are defaults.
_ENFORCED = frozenset({"Cache-Control", "X-Robots-Tag"})


def init_app(app: Flask) -> None:
    @app.after_request
    def set_headers(response):
        headers = response.headers
        present = {name.lower() for name in headers.keys()}  # one pass, not one per header
        for name, value in site_headers(path=request.path, static=request.endpoint == "static"):
            if name in _ENFORCED:
                headers[name] = value
            elif name.lower() not in present:
                headers.add(name, value)
        return response
