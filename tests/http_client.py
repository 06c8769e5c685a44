"""A small HTTP client for tests against real servers, shaped like Flask's test client so the report
helpers work unchanged. Each request can go to a different server: cookies are the client's own."""
import http.client
import socket
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status_code = status
        self.headers = headers
        self.data = body

    def get_data(self, as_text: bool = False):
        return self.data.decode("utf-8") if as_text else self.data


class _NamedTLSConnection(http.client.HTTPSConnection):
    """HTTPS to an address, sending (and checking the certificate against) a host name of our
    choosing, as a browser does for a site that resolves to that address."""

    def __init__(self, *args, server_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.server_name = server_name

    def connect(self):
        sock = socket.create_connection((self.host, self.port), self.timeout, self.source_address)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.server_name)


class HttpClient:
    """Sends each request to the next address in `bases`, round robin, like a load balancer.
    An https:// base needs `tls` (an ssl.SSLContext) and `host`, the name sent in the handshake;
    `source` is the local address to connect from."""

    def __init__(self, *bases: str, host: str | None = None, tls=None, source: str | None = None):
        self.bases = [urlsplit(b) for b in bases]
        self.tls = tls
        self.source = (source, 0) if source else None
        self.host = host  # the Host header a proxy would pass on (production answers only its own name)
        self.turn = 0
        self.cookies: dict[str, str] = {}
        self.headers: dict[str, str] = {}  # sent with every request (a browser's, a proxy's)

    def _next(self):
        base = self.bases[self.turn % len(self.bases)]
        self.turn += 1
        return base

    def request(self, method: str, url: str, data: dict | None = None, follow_redirects: bool = False) -> Response:
        base = self._next()
        if "://" in url:  # an absolute Location: keep the path, the balancer picks the server
            parts = urlsplit(url)
            url = parts.path + (f"?{parts.query}" if parts.query else "")
        if base.scheme == "https":
            conn = _NamedTLSConnection(base.hostname, base.port, timeout=30, context=self.tls,
                                       server_name=self.host, source_address=self.source)
        else:
            conn = http.client.HTTPConnection(base.hostname, base.port, timeout=30, source_address=self.source)
        headers = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) test", "Sec-Fetch-Site": "same-origin", **self.headers}
        if self.host:
            headers["Host"] = self.host
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, url, body=body, headers=headers)
        raw = conn.getresponse()
        response = Response(raw.status, raw.msg, raw.read())
        conn.close()
        for header in raw.msg.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or (morsel["expires"] and "1970" in morsel["expires"]):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if follow_redirects and response.status_code in (301, 302, 303):
            return self.get(response.headers["Location"], follow_redirects=True)
        return response

    def get(self, url: str, follow_redirects: bool = False) -> Response:
        return self.request("GET", url, follow_redirects=follow_redirects)

    def post(self, url: str, data: dict, follow_redirects: bool = False) -> Response:
        return self.request("POST", url, data=data, follow_redirects=follow_redirects)
