"""Benchmark the review app's queue (issue 18): 100,000 open findings must page in under a second.

A store holding one screen of 66,667 synthetic suppliers with 100,001 open findings (the frames of
``bench_store.screen``), served by waitress on 127.0.0.1 as ``screening app`` serves it; a client
signs in and times real HTTP requests (wall time, request sent to last byte received):

* the first page after start (the app reads the queue in the background when it starts),
* later pages, the last page and filtered pages (the queue cached for the store's state: warm),
* the first page after a decision (only the decisions since are read and applied to the cached queue),
* a supplier page,
* the first page after a new screen of the list is stored (the whole queue read again: cold).

    .venv/bin/python bench/bench_app_queue.py [--suppliers 66667] [--repeat 5]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_store import LIST, screen  # noqa: E402
from screening.app import AppConfig, create_app  # noqa: E402
from screening.store import open_store  # noqa: E402


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are not followed, so each timed request is one request (a POST's redirect target is
    not fetched and so does not warm the queue before the request that is timed)."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Client:
    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def get(self, path: str) -> tuple[str, float]:
        t0 = time.perf_counter()
        with self.opener.open(self.base + path, timeout=60) as response:
            body = response.read().decode("utf-8")
        return body, time.perf_counter() - t0

    def post(self, path: str, form: dict[str, str]) -> tuple[str, float]:
        data = urllib.parse.urlencode(form).encode()
        t0 = time.perf_counter()
        try:
            with self.opener.open(self.base + path, data=data, timeout=60) as response:
                body = response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            if exc.code != 302:
                raise
            body = exc.headers["Location"]
        return body, time.perf_counter() - t0


def supplier_url(list_name: str, supplier_id: str) -> str:
    return "/supplier?" + urllib.parse.urlencode({"list": list_name, "id": supplier_id})


def csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=66_667)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import waitress

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "screening.duckdb"
        run, scores, findings = screen(args.suppliers, 1)
        t0 = time.perf_counter()
        with open_store(path) as store:
            store.persist_run(run, LIST, scores, store.attach_reviews(LIST, findings, scores))
            n_open = store.review_list(status="open").height
        print(
            f"store: {scores.height:,} suppliers, {n_open:,} open findings ({time.perf_counter() - t0:.1f} s)"
        )

        web = create_app(AppConfig(store_path=path))
        server = waitress.create_server(web, host="127.0.0.1", port=0, threads=4)
        threading.Thread(target=server.run, daemon=True).start()
        client = Client(f"http://127.0.0.1:{server.effective_port}")
        page, _ = client.get("/signin")
        client.post("/signin", {"csrf_token": csrf(page), "name": "Bench Reviewer"})

        results: list[tuple[str, list[float]]] = []

        def measure(label: str, paths: list[str], check: str | None = None) -> None:
            times = []
            for p in paths:
                body, dt = client.get(p)
                if check is not None:
                    assert check in body, (p, check)
                times.append(dt)
            results.append((label, times))

        pages = -(-n_open // 50)
        measure("first page after start (queue read at start-up)", ["/queue"], f"{n_open} findings")
        measure("first page, warm", ["/queue"] * args.repeat, f"{n_open} findings")
        measure(
            f"pages 2..{1 + args.repeat}", [f"/queue?status=open&page={i}" for i in range(2, 2 + args.repeat)]
        )
        measure("last page", [f"/queue?status=open&page={pages}"] * args.repeat, f"page {pages} of {pages}")
        measure("filtered: tier=high, country=CN", ["/queue?status=open&tier=high&country=CN"] * args.repeat)
        measure("filtered: category=country_governance", ["/queue?category=country_governance"] * args.repeat)
        supplier = "V00000002"
        measure("supplier page", [supplier_url(LIST, supplier)] * args.repeat, supplier)
        after = []
        for i in range(args.repeat):
            body, _ = client.get(supplier_url(LIST, supplier))
            seq = re.findall(r'name="(fingerprint|expected_seq)" value="([^"]*)"', body)
            fields = dict(seq[:2])
            decision = "cleared" if i % 2 == 0 else "open"
            form = {
                "csrf_token": csrf(body),
                "list_name": LIST,
                "supplier_id": supplier,
                "rule_id": "ilab_goods",
                "decision": decision,
                "note": f"bench {i}",
                **fields,
            }
            location, _ = client.post("/decide", form)
            assert location.startswith("/supplier?"), location
            _, dt = client.get("/queue")
            after.append(dt)
        results.append(("first page after a decision (new decisions applied)", after))
        cold = []
        for month in (2, 3, 4):  # a new screen of the list: the next page reads the whole queue again
            run, scores, findings = screen(args.suppliers, month)
            with open_store(path) as store:
                store.persist_run(run, LIST, scores, store.attach_reviews(LIST, findings, scores))
            body, dt = client.get("/queue")
            assert f"{n_open} findings" in body or "findings" in body
            cold.append(dt)
        results.append(("first page after a new screen (queue read from the store)", cold))
        time.sleep(0.3)  # let waitress finish the last response before closing its sockets
        server.close()

    print(f"\n{'request':<52} {'median':>8} {'max':>8}  (n)")
    for label, times in results:
        print(f"{label:<52} {statistics.median(times):7.3f}s {max(times):7.3f}s  ({len(times)})")
    worst = max(max(t) for _, t in results)
    print(f"\nslowest request: {worst:.3f} s ({'under' if worst < 1 else 'OVER'} the 1 s target)")


if __name__ == "__main__":
    main()
