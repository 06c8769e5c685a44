"""PostgreSQL goes away in the middle of someone's report, then comes back.

A small TCP proxy stands between the app and PostgreSQL; cutting it drops every open connection
and refuses new ones, as a stopped or unreachable server would. The person gets a 503 in their
own language with what they typed still on the page, their saved answers survive, and the site
carries on by itself once the database answers again.
"""
import socket
import threading
from urllib.parse import urlsplit, urlunsplit

import pytest
from bs4 import BeautifulSoup

from app import create_app
from app.extensions import db

from . import services
from .conftest import make_app
from .report_helpers import CSRF, VICTIM, reference_shown, send, stored, walk

POLISH_SORRY = "Przepraszamy, nie udało się teraz tego zapisać."


class CuttableProxy:
    """Forwards 127.0.0.1:<port> to PostgreSQL until cut; restore() opens the door again."""

    def __init__(self, target: tuple[str, int]):
        self.target = target
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.listener.listen(64)
        self.open = True
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()  # refused, as a stopped server would
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self):
        self.open = False
        with self.lock:
            for s in self.sockets:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()
            self.sockets.clear()

    def restore(self):
        self.open = True

    def close(self):
        self.cut()
        self.listener.close()


@pytest.fixture
def outage(tmp_path):
    url, schema = services.postgres_schema_url()
    parts = urlsplit(url)
    proxy = CuttableProxy((parts.hostname, parts.port or 5432))
    through = urlunsplit(parts._replace(netloc=f"{parts.username}@127.0.0.1:{proxy.port}"))
    app = make_app(through, INSTANCE_DIR=tmp_path)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    yield app, proxy
    proxy.restore()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    proxy.close()
    services.drop_postgres_schema(schema)


def _html(response):
    return BeautifulSoup(response.data, "html.parser")


def test_the_database_goes_away_and_comes_back(outage):
    app, proxy = outage
    client = app.test_client()
    client.get("/report?lang=pl")
    walk(client, VICTIM[:3], then="where")  # who, what, why are saved in the server-side draft

    proxy.cut()
    # The next answer cannot be saved: a calm 503 in Polish, with the choice still on the page.
    page = client.get("/report/where")
    assert page.status_code == 503 and _html(page).html["lang"] == "pl"
    assert "999" in page.get_data(as_text=True)
    proxy.restore()
    token_page = client.get("/report/where")
    assert token_page.status_code == 200
    proxy.cut()
    token = CSRF.search(token_page.get_data(as_text=True)).group(1)
    response = client.post("/report/where", data={"location": "bus", "csrf_token": token})
    assert response.status_code == 503
    html = _html(response)
    assert html.html["lang"] == "pl" and POLISH_SORRY in html.get_text()
    assert html.find("input", attrs={"value": "bus"}).has_attr("checked")  # what they chose is kept

    # The database is back: nothing to restart, and the answers saved before the outage are there.
    proxy.restore()
    assert client.get("/healthz").status_code == 200
    walk(client, VICTIM[3:])
    response, _ = send(client)
    assert response.headers["Location"] == "/report/confirmation"
    report = stored(app, reference_shown(client))
    assert report.description == VICTIM[1][1]["description"] and report.location_type == "bus"
    assert report.lang == "pl"


def test_a_send_during_the_outage_keeps_the_report_and_sends_once_when_back(outage):
    app, proxy = outage
    client = app.test_client()
    walk(client, VICTIM)
    page = client.get("/report/check")
    proxy.cut()
    token = CSRF.search(page.get_data(as_text=True)).group(1)
    key = _html(page).find("input", attrs={"name": "submission_key"})["value"]
    response = client.post("/report/check", data={"csrf_token": token, "submission_key": key, "website": ""})
    assert response.status_code == 503
    proxy.restore()
    response, _ = send(client)
    assert response.headers["Location"] == "/report/confirmation"
    assert stored(app, reference_shown(client)).description == VICTIM[1][1]["description"]


def test_a_database_that_never_answers_is_a_503_in_seconds(tmp_path):
    """A host that drops off the network mid-failover neither answers nor refuses. Without a
    connect timeout the person would wait minutes and then get the proxy's page, losing what
    they typed."""
    with services.silent_server() as port:
        app = create_app("test", SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://postgres@127.0.0.1:{port}/test",
                         INSTANCE_DIR=tmp_path, DATABASE_CONNECT_TIMEOUT=2)
        app.config["PROPAGATE_EXCEPTIONS"] = False
        client = app.test_client()

        def answer():
            page = client.get("/report/who?lang=pl")
            token = CSRF.search(page.get_data(as_text=True)).group(1)
            response = client.post("/report/who", data={"role": "victim", "csrf_token": token})
            assert response.status_code == 503
            html = _html(response)
            assert html.html["lang"] == "pl" and POLISH_SORRY in html.get_text()
            assert html.find("input", attrs={"value": "victim"}).has_attr("checked")

        services.finishes(answer)
