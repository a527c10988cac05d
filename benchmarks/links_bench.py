"""Link checking: byline vs linkchecker on 1,000 URLs over 50 local hosts.

A test server (a separate process, asyncio, 50 ports on 127.0.0.1, one "host" each)
answers every request after a latency, and each URL path is a behaviour: 200, 404,
301, 302, 429 once (Retry-After: 1) then 200, 500 once then 200, or a hang. The same
URLs go to byline (``byline links --external`` over a blog of 10 posts) and to
linkchecker (an HTML page listing them, ``--check-extern``); each tool runs as a
subprocess. Reported: wall time, requests the server saw, and wrong verdicts against
the known truth. A second byline run within the TTL must make zero requests.

    .venv/bin/python benchmarks/links_bench.py [--latency 0.05] [--timeout 2]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

HOSTS = 50
PER_HOST = 20
HANG_HOSTS = 10  # hosts with one hanging URL each
BIN = Path(sys.executable).parent


# -- the server (run with --serve) -------------------------------------------------
class Behaviour:
    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.hits: Counter[str] = Counter()
        self.requests = 0

    def answer(self, port: int, method: str, path: str) -> tuple[int, dict[str, str]] | None:
        self.requests += 1
        key = f"{port}{path}"
        self.hits[key] += 1
        name = path.strip("/").split("/", 1)[0]
        first = self.hits[key] == 1
        match name:
            case "ok" | "temp-target":
                return 200, {}
            case "missing" | "robots.txt":
                return 404, {}
            case "moved":
                return 301, {"Location": "/ok" + path[len("/moved") :]}
            case "temp":
                return 302, {"Location": "/temp-target" + path[len("/temp") :]}
            case "busy":
                return (429, {"Retry-After": "1"}) if first else (200, {})
            case "flaky":
                return (500, {}) if first else (200, {})
            case "hang":
                return None
        return 404, {}


async def handle(
    behaviour: Behaviour, port: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            method, target, _ = head.split(b"\r\n", 1)[0].decode().split(" ", 2)
            path = target.split("?", 1)[0]
            if path == "/__stats":
                body = json.dumps({"requests": behaviour.requests}).encode()
                behaviour.requests = 0
                behaviour.hits.clear()
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
                await writer.drain()
                continue
            await asyncio.sleep(behaviour.latency)
            answer = behaviour.answer(port, method, path)
            if answer is None:  # hang: say nothing until the client gives up (bounded)
                await asyncio.wait_for(reader.read(), 60)
                break
            status, headers = answer
            body = b"" if method == "HEAD" else b"<html><body>page</body></html>"
            # "LinkChecker:" lifts linkchecker's own per-host rate limit (its documented
            # switch for servers that welcome it), so its tuned run is not held back.
            lines = [f"HTTP/1.1 {status} X", f"Content-Length: {len(body)}", "LinkChecker: ok"]
            lines += [f"{k}: {v}" for k, v in headers.items()]
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, TimeoutError, ValueError):
        pass
    finally:
        writer.close()


async def serve(latency: float) -> None:
    behaviour = Behaviour(latency)
    servers = []
    for _ in range(HOSTS):

        async def on_connect(r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
            await handle(behaviour, w.get_extra_info("sockname")[1], r, w)

        servers.append(await asyncio.start_server(on_connect, "127.0.0.1", 0))
    ports = [server.sockets[0].getsockname()[1] for server in servers]
    print(json.dumps(ports), flush=True)
    await asyncio.sleep(3600)  # the benchmark kills this process when done


# -- the URL set and its truth ----------------------------------------------------
def url_set(ports: list[int]) -> dict[str, str]:
    """URL -> expected verdict (ok, broken, update, timeout)."""
    kinds = ["ok"] * 12 + ["missing"] * 2 + ["moved"] * 2 + ["temp", "busy", "flaky", "ok"]
    expected = {
        "ok": "ok",
        "missing": "broken",
        "moved": "update",
        "temp": "ok",
        "busy": "ok",
        "flaky": "ok",
        "hang": "timeout",
    }
    urls = {}
    for h, port in enumerate(ports):
        row = list(kinds)
        if h < HANG_HOSTS:
            row[-1] = "hang"
        for i, kind in enumerate(row):
            urls[f"http://127.0.0.1:{port}/{kind}/{h}-{i}"] = expected[kind]
    return urls


def stats(port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__stats", timeout=10) as r:
        return int(json.load(r)["requests"])


# -- byline -------------------------------------------------------------------------
def make_blog(root: Path, urls: list[str], timeout: float) -> None:
    (root / "posts").mkdir(parents=True)
    (root / "byline.toml").write_text(
        f'[site]\nbase_url = "https://bench.example"\n\n[links]\ntimeout = {timeout}\n'
    )
    for n in range(10):
        chunk = urls[n::10]
        body = "\n".join(f"- [link {i}]({u})" for i, u in enumerate(chunk))
        (root / "posts" / f"post-{n}.md").write_text(
            f"---\ntitle: Post {n}\n---\n# Post\n\n{body}\n"
        )


def byline_verdicts(report: dict[str, object]) -> dict[str, str]:
    out = {}
    for d in report["diagnostics"]:  # type: ignore[attr-defined]
        url = d["message"].split("'", 2)[1]
        if d["rule"] == "links.redirect":
            out[url] = "update"
        elif "no answer within" in d["message"]:
            out[url] = "timeout"
        elif d["severity"] == "error":
            out[url] = "broken"
        else:
            out[url] = "unsure"
    return out


def run_byline(root: Path, port: int) -> tuple[float, int, dict[str, str]]:
    start = time.perf_counter()
    done = subprocess.run(
        [str(BIN / "byline"), "links", "--external", "--allow-private", "--json"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"byline failed: {done.stderr}")
    return elapsed, stats(port), byline_verdicts(json.loads(done.stdout))


# -- linkchecker -----------------------------------------------------------------------
def run_linkchecker(
    work: Path, urls: list[str], port: int, timeout: float, extra: list[str], rc: str
) -> tuple[float, int, dict[str, str]]:
    page = work / "links.html"
    page.write_text("<html><body>" + "".join(f'<a href="{u}">x</a>\n' for u in urls) + "</body>")
    config = work / "linkcheckerrc"
    config.write_text(rc)
    for path in (work, page, config):  # linkchecker drops root privileges to 'nobody'
        path.chmod(0o755 if path.is_dir() else 0o644)
    command = [str(BIN / "linkchecker"), "-f", str(config), "--check-extern", "-v", "-o", "csv"]
    command += ["--timeout", str(int(timeout)), *extra, page.as_uri()]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=work)
    elapsed = time.perf_counter() - start
    verdicts = linkchecker_verdicts(done.stdout)
    if len(verdicts) < len(urls):
        sys.exit(
            f"linkchecker reported {len(verdicts)} of {len(urls)} URLs:\n{done.stderr[-2000:]}"
        )
    return elapsed, stats(port), verdicts


def linkchecker_verdicts(output: str) -> dict[str, str]:
    lines = [line for line in output.splitlines() if line and not line.startswith("#")]
    out = {}
    for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"):
        url = row.get("urlname") or ""
        if not url.startswith("http"):
            continue
        result = (row.get("result") or "").lower()
        if row.get("valid") == "True":
            out[url] = (
                "update" if "redirected" in (row.get("warningstring") or "").lower() else "ok"
            )
        elif "timeout" in result or "timed out" in result:
            out[url] = "timeout"
        else:
            out[url] = "broken"
    return out


# -- scoring -----------------------------------------------------------------------------
def wrong(truth: dict[str, str], got: dict[str, str], *, strict: bool) -> int:
    """Wrong verdicts; without ``strict``, ok and update both count as "works"."""

    def norm(v: str) -> str:
        return v if strict else {"update": "ok"}.get(v, v)

    return sum(norm(got.get(url, "ok")) != norm(v) for url, v in truth.items())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--timeout", type=float, default=2.0)
    parser.add_argument(
        "--linkchecker-defaults",
        action="store_true",
        help="also run linkchecker with its default politeness (about 6 minutes)",
    )
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve(args.latency))
        return 0
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--latency", str(args.latency)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        ports = json.loads(server.stdout.readline())  # type: ignore[union-attr]
        return bench(ports, args)
    finally:
        server.kill()
        server.wait()


def bench(ports: list[int], args: argparse.Namespace) -> int:
    truth = url_set(ports)
    urls = list(truth)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        work.chmod(0o755)  # linkchecker runs as 'nobody' when started by root
        make_blog(work / "blog", urls, args.timeout)
        t, n, got = run_byline(work / "blog", ports[0])
        rows.append(("byline (per_host=4, delay=0)", t, n, got))
        t, n, got2 = run_byline(work / "blog", ports[0])
        rows.append(("byline, second run within TTL", t, n, got2))
        shutil.rmtree(work / "blog" / ".byline")
        (work / "blog" / "byline.toml").write_text(
            (work / "blog" / "byline.toml").read_text() + "delay = 0.1\n"
        )
        t, n, got = run_byline(work / "blog", ports[0])
        rows.append(("byline (per_host=4, delay=0.1)", t, n, got))
        fast = "[checking]\nmaxrequestspersecond=1000\n"
        lc = work / "lc"
        lc.mkdir()
        t, n, got = run_linkchecker(
            lc, urls, ports[0], args.timeout, ["-t", "50", "--no-robots"], fast
        )
        rows.append(("linkchecker -t 50 --no-robots, 1000 req/s/host", t, n, got))
        if args.linkchecker_defaults:
            t, n, got = run_linkchecker(lc, urls, ports[0], args.timeout, [], "[checking]\n")
            rows.append(("linkchecker defaults (10 threads, 10 req/s/host, robots)", t, n, got))
    print(
        f"{len(urls)} URLs over {len(ports)} hosts, {args.latency * 1000:.0f} ms latency, "
        f"{args.timeout:g} s timeout; truth: {dict(Counter(truth.values()))}"
    )
    print(f"{'tool':58} {'time s':>7} {'requests':>9} {'wrong':>6} {'wrong*':>7} {'vs lc':>6}")
    base = rows[3][1]
    for name, t, n, got in rows:
        strict = wrong(truth, got, strict=True) if name.startswith("byline") else "-"
        print(
            f"{name:58} {t:7.2f} {n:9d} {wrong(truth, got, strict=False):6d} {strict!s:>7} "
            f"{base / t:5.1f}x"
        )
    print("wrong: works/broken/timeout told wrong; wrong*: also permanent vs temporary redirect")
    print("vs lc: speed relative to the tuned linkchecker run (higher is faster)")
    return 0 if rows[1][2] == 0 and wrong(truth, rows[0][3], strict=True) == 0 else 1


if __name__ == "__main__":
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # byline runs with .pyc files, as installed
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
