"""Page weight: what a phone and the projector fetch on a first visit, as sent compressed (issue 6's budget)."""
import gzip
import re
from html.parser import HTMLParser

import brotli

from tests.conftest import csrf_from, login
from tests.support.figures import record

PHONE_BUDGET = 60 * 1024
PROJECTOR_BUDGET = 150 * 1024
BROWSER = {"Accept-Encoding": "gzip, br"}
FINGERPRINTED = re.compile(r"/static/.+\.[0-9a-f]{12}\.[a-z]+")
DECODE = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}


class References(HTMLParser):
    """The files a browser fetches for a page: its stylesheets, scripts and images."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        url = {"link": attrs.get("href"), "script": attrs.get("src"), "img": attrs.get("src")}.get(tag)
        if tag == "link" and attrs.get("rel") not in ("stylesheet", "icon", "preload", "modulepreload"):
            return
        if url and not url.startswith("data:"):
            self.urls.append(url)


class FirstVisit:
    """A browser with an empty cache: each response counted by the bytes sent, each referenced file fetched once."""

    def __init__(self, client):
        self.client = client
        self.sent: dict[str, int] = {}
        self.files: dict[str, object] = {}

    @property
    def total(self) -> int:
        return sum(self.sent.values())

    def page(self, url: str, **form) -> str:
        """GETs the page (or POSTs the form), then the files it references; returns the page's HTML."""
        response = self.client.open(url, method="POST" if form else "GET", data=form or None, headers=BROWSER)
        assert response.status_code in (200, 302), url
        self.sent[f"{'POST' if form else 'GET'} {url}"] = len(response.get_data())
        html = DECODE[response.content_encoding](response.get_data()).decode()
        references = References()
        references.feed(html)
        for file_url in references.urls:
            if file_url not in self.files:
                self.files[file_url] = self.client.get(file_url, headers=BROWSER)
                self.sent[file_url] = len(self.files[file_url].get_data())
        return html


def kilobytes(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def test_a_phone_first_visit_stays_within_60_kb(client, world):
    phone = FirstVisit(client)
    join_page = phone.page(f"/j/{world['code']}")
    phone.page(f"/j/{world['code']}", company=world["acme"], csrf_token=csrf_from(join_page))
    assert 'data-live-role="phone"' in phone.page(f"/p/{world['code']}")
    assert_within_budget(phone, "phone first load (join page, company form, phone page and their files)",
                         PHONE_BUDGET)


def test_the_projector_first_visit_stays_within_150_kb(client, world):
    login(client)
    projector = FirstVisit(client)
    assert 'data-live-role="projector"' in projector.page(f"/f/sessions/{world['session']}/projector")
    assert_within_budget(projector, "projector first load (page and its files)", PROJECTOR_BUDGET)


def assert_within_budget(visit: FirstVisit, what: str, budget: int):
    """Reports what the visit weighed; each file must carry its hash, the year-long cache and a compression."""
    record(what, f"{kilobytes(visit.total)} compressed of {kilobytes(budget)}")
    assert visit.total <= budget, visit.sent
    assert visit.files
    for url, response in visit.files.items():
        assert FINGERPRINTED.fullmatch(url), url
        assert response.status_code == 200, url
        assert set(response.cache_control.to_header().split(", ")) >= {"public", "max-age=31536000", "immutable"}
        assert response.content_encoding in ("br", "gzip"), url


def test_a_file_under_its_plain_or_an_old_name_is_still_served_but_not_kept(client):
    page = client.get("/join").get_data(as_text=True)
    fingerprinted = re.search(r'href="(/static/css/app\.([0-9a-f]{12})\.css)"', page)
    current = client.get(fingerprinted[1]).get_data()
    for name in ("/static/css/app.css", "/static/css/app.000000000000.css"):
        response = client.get(name)
        assert response.status_code == 200
        assert response.get_data() == current
        assert "immutable" not in response.headers.get("Cache-Control", "")
    assert client.get("/static/css/missing.css").status_code == 404


def test_pages_and_files_are_gzipped_for_a_browser_without_brotli(client):
    page = client.get("/join", headers={"Accept-Encoding": "gzip"})
    script = re.search(r'src="(/static/vendor/htmx[^"]+)"', gzip.decompress(page.get_data()).decode())[1]
    for response in (page, client.get(script, headers={"Accept-Encoding": "gzip"})):
        assert response.content_encoding == "gzip"
        assert "Accept-Encoding" in response.headers["Vary"]
        assert int(response.headers["Content-Length"]) == len(response.get_data())
    assert client.get(script).content_encoding is None  # a client that asks for nothing gets it plain


def test_a_range_of_a_file_is_sent_as_that_part_uncompressed(client):
    """A resumed download asks for part of a file; compressing the part would hand the browser garbage."""
    whole = client.get("/static/css/app.css").get_data()
    part = client.get("/static/css/app.css", headers={"Range": "bytes=0-9999", "Accept-Encoding": "gzip, br"})
    assert part.status_code == 206
    assert part.content_encoding is None
    assert part.get_data() == whole[:10_000]
