"""A phone as the companion sees it, without a browser: pairs through a link, keeps its
cookie, reads the anti-forgery token from the page, and calls the JSON API. It trusts the
companion's own certificate only (so HTTPS is really verified, hostname included)."""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import re
import secrets
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CSRF = re.compile(r'<meta name="mycrm-csrf" content="([^"]*)"')


@dataclass
class Reply:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Phone:
    def __init__(self, base_url: str, cert_path: Path | None = None,
                 language: str = "en-US,en;q=0.9", user_agent: str =
                 "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like "
                 "Gecko) Chrome/126.0 Mobile Safari/537.36", *, keep_alive: bool = False
                 ) -> None:
        """``keep_alive``: one connection for every request, as a browser keeps it (the
        benchmark); else a new connection each time (the tests: nothing carries over)."""
        self.base_url = base_url
        self.keep_alive = keep_alive
        self._connection: http.client.HTTPConnection | None = None
        self._context = (ssl.create_default_context(cafile=str(cert_path))
                         if cert_path is not None else None)
        self.jar = http.cookiejar.CookieJar()
        handlers: list[Any] = [urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()]
        if cert_path is not None:
            context = ssl.create_default_context(cafile=str(cert_path))
            handlers.append(urllib.request.HTTPSHandler(context=context))
        self.opener = urllib.request.build_opener(*handlers)
        self.headers = {"Accept-Language": language, "User-Agent": user_agent}
        self.csrf = ""

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None, timeout: float = 10) -> Reply:
        url = path if path.startswith("http") else self.base_url + path
        if self.keep_alive:
            return self._persistent(method, url, body, headers or {}, timeout)
        request = urllib.request.Request(url, data=body, method=method,
                                         headers={**self.headers, **(headers or {})})
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return Reply(response.status, response.read(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read(), dict(error.headers))

    def _persistent(self, method: str, url: str, body: bytes | None, headers: dict[str, str],
                    timeout: float) -> Reply:
        parts = urllib.parse.urlsplit(url)
        if self._connection is None:
            if parts.scheme == "https":
                self._connection = http.client.HTTPSConnection(
                    parts.hostname or "", parts.port, timeout=timeout, context=self._context)
            else:
                self._connection = http.client.HTTPConnection(parts.hostname or "", parts.port,
                                                              timeout=timeout)
        cookie = self.cookie
        sent = {**self.headers, **headers, **({"Cookie": f"mycrm_phone={cookie}"} if cookie
                                              else {})}
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            self._connection.request(method, target, body=body, headers=sent)
            response = self._connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionError):
            # The server closed the kept connection (after a refusal, or idle): a browser
            # opens a new one and sends again.
            self._connection.close()
            self._connection.request(method, target, body=body, headers=sent)
            response = self._connection.getresponse()
        reply = Reply(response.status, response.read(), dict(response.headers))
        if response.will_close:
            self._connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name == "mycrm_phone":
                self._cookie = rest.split(";", 1)[0]
        return reply

    def close(self) -> None:
        """Drop the kept connection (``keep_alive``), as a browser does when it closes."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def get(self, path: str, **kwargs: Any) -> Reply:
        return self.request("GET", path, **kwargs)

    def pair(self, link: str) -> Reply:
        reply = self.get(link)
        if reply.status == 303:
            self.load_page()
        return reply

    def load_page(self) -> Reply:
        page = self.get("/")
        found = CSRF.search(page.text)
        self.csrf = found.group(1) if found else ""
        return page

    def post(self, path: str, data: Any, *, token: str | None = None,
             content_type: str = "application/json") -> Reply:
        body = data if isinstance(data, bytes) else json.dumps(data).encode("utf-8")
        headers = {"Content-Type": content_type}
        if (token if token is not None else self.csrf):
            headers["X-CSRF-Token"] = token if token is not None else self.csrf
        return self.request("POST", path, body, headers)

    _cookie = ""

    @property
    def cookie(self) -> str:
        if self._cookie:
            return self._cookie
        return next((c.value or "" for c in self.jar if c.name == "mycrm_phone"), "")


def entry_id() -> str:
    return secrets.token_urlsafe(16)


def phone_for(server: Any, **kwargs: Any) -> Phone:
    """A new, unpaired phone for a ``CompanionServer``, trusting that server's certificate."""
    from mycrm.companion.tls import CERT_NAME

    cert = (server.config.cert_dir or server.config.data_path.parent) / CERT_NAME
    return Phone(server.url, cert if server.config.https else None, **kwargs)
