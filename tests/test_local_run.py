"""Running the site on one's own computer: the address follows the port, and nobody is told mail goes out
when it cannot."""
from app import config, create_app
from app.staff.models import ADMINISTRATOR

from .staff_support import clock, fast_hashing, signed_in  # noqa: F401  (fixtures)


def _development(monkeypatch, tmp_path, **overrides):
    for name in ("SITE_URL", "HOST", "PORT", "FLASK_RUN_HOST", "FLASK_RUN_PORT", "SECRET_KEY",
                 "DATA_ENCRYPTION_KEYS", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(config.Config, "INSTANCE_DIR", tmp_path)
    return lambda: create_app("development", INSTANCE_DIR=tmp_path, **overrides)


def test_a_changed_port_moves_the_site_address(monkeypatch, tmp_path):
    make = _development(monkeypatch, tmp_path)
    assert make().config["SITE_URL"] == "http://127.0.0.1:5000"
    monkeypatch.setenv("PORT", "5055")
    assert make().config["SITE_URL"] == "http://127.0.0.1:5055"
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", "8080")
    assert make().config["SITE_URL"] == "http://0.0.0.0:8080"


def test_a_site_address_that_is_set_is_kept(monkeypatch, tmp_path):
    make = _development(monkeypatch, tmp_path, SITE_URL="https://reporthate.example.org")
    monkeypatch.setenv("PORT", "5055")
    assert make().config["SITE_URL"] == "https://reporthate.example.org"
    make = _development(monkeypatch, tmp_path)
    # SITE_URL from the environment is read when the configuration is imported.
    monkeypatch.setenv("SITE_URL", "http://localhost:9000")
    monkeypatch.setattr(config.Config, "SITE_URL", "http://localhost:9000")
    monkeypatch.setenv("PORT", "5055")
    assert make().config["SITE_URL"] == "http://localhost:9000"


def test_the_outbox_says_when_nothing_will_be_sent(app, client, signed_in):
    signed_in(ADMINISTRATOR)
    app.config["MAIL_SERVER"] = ""
    page = client.get("/staff/outbox").get_data(as_text=True)
    assert "No mail server is set" in page
    assert "sent every minute" not in page
    assert "python -m aiosmtpd -n -l 127.0.0.1:8025" in page
    app.config["MAIL_SERVER"] = "smtp.example.org"
    page = client.get("/staff/outbox").get_data(as_text=True)
    assert "No mail server is set" not in page
    assert "sent every minute" in page


def test_make_run_says_where_the_staff_area_is_and_when_mail_is_not_sent():
    from pathlib import Path

    makefile = (Path(__file__).parent.parent / "Makefile").read_text()
    recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "/staff/" in recipe and "staff create" in recipe
    assert 'if [ -z "$(MAIL_SERVER)" ]' in recipe and "aiosmtpd" in recipe
    assert "PORT=$(PORT) $(FLASK) run" in recipe
