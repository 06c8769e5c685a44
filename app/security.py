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


def init_app(app: Flask) -> None:
    @app.after_request
    def set_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", content_security_policy())
        headers.setdefault("X-Content-Type-Options", "nosniff")
        # Never tell other sites where a person came from; our own forms need the Referer, which
        # CSRF protection checks on every HTTPS post (it is refused without one).
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if current_app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        # Any page may show what a person typed or which pages they read: never keep a copy in a
        # shared or back-button cache. Static files are versioned and cached normally.
        if request.endpoint != "static":
            headers["Cache-Control"] = "no-store"
            headers.setdefault("Pragma", "no-cache")
        if request.path.startswith("/staff/") or request.path == "/staff":  # every staff feature
            headers["X-Robots-Tag"] = "noindex, nofollow"
        return response
