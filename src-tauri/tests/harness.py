"""What the desktop smoke test and the desktop benchmark share: an Xvfb display, tauri-driver with
Debian's WebKitWebDriver, a minimal W3C WebDriver client (plain HTTP/JSON, no packages), and process
helpers (find the app's process tree, sum its PSS from /proc/*/smaps_rollup)."""
import base64
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# STORYLINE_DESKTOP_APP: another build of the app (e.g. target/release/storyline-desktop).
APP = os.environ.get("STORYLINE_DESKTOP_APP") or os.path.join(REPO, "target", "debug", "storyline-desktop")
TITLE = "Storyline"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, check, timeout=30.0, interval=0.1):
    """Polls `check` until it returns something truthy; fails with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception as e:  # the page may be mid-render; keep polling until the deadline
            last_error = e
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}"
                         + (f" (last error: {last_error})" if last_error else ""))


class Sandbox:
    """A temporary home for one run: XDG dirs (so nothing touches the user's files), an Xvfb
    display and tauri-driver. Use as a context manager; everything is stopped on exit."""

    def __init__(self, keep=False, fbdir=False):
        self.keep = keep
        self.fbdir = fbdir
        self.procs = []

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix="storyline-desktop-")
        self.env = dict(os.environ)
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            path = os.path.join(self.dir, var.split("_")[1].lower())
            os.makedirs(path)
            self.env[var] = path
        self.env.pop("STORYLINE_DB", None)  # the app must find its default path inside the sandbox
        self.env.pop("WAYLAND_DISPLAY", None)
        self.log = open(os.path.join(self.dir, "processes.log"), "w")
        self._start_xvfb()
        return self

    def _start_xvfb(self):
        # :99 as documented; another free number if :99 is taken (e.g. a second run at once).
        for num in [99] + list(range(100, 140)):
            if os.path.exists(f"/tmp/.X{num}-lock") or os.path.exists(f"/tmp/.X11-unix/X{num}"):
                continue
            argv = ["Xvfb", f":{num}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"]
            if self.fbdir:  # Xvfb then keeps the screen in an XWD file we can read at any time
                os.makedirs(self.path("fb"), exist_ok=True)
                argv += ["-fbdir", self.path("fb")]
            p = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
            try:
                wait_for(f"Xvfb :{num}", lambda: os.path.exists(f"/tmp/.X11-unix/X{num}")
                         or p.poll() is not None, timeout=10)
            except AssertionError:
                p.kill()
                raise
            if p.poll() is None:
                self.procs.append(p)
                self.display = f":{num}"
                self.env["DISPLAY"] = self.display
                return
        raise RuntimeError("no free X display for Xvfb")

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def spawn(self, argv, **kw):
        p = subprocess.Popen(argv, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
                             start_new_session=True, **kw)
        self.procs.append(p)
        return p

    def driver(self):
        """Starts tauri-driver (which starts WebKitWebDriver) and returns its base URL."""
        port, native = free_port(), free_port()
        self.spawn(["tauri-driver", "--port", str(port), "--native-port", str(native)])
        url = f"http://127.0.0.1:{port}"

        def up(p):
            with socket.create_connection(("127.0.0.1", p), timeout=1):
                return True

        # tauri-driver listens at once but fails requests until WebKitWebDriver is up too.
        wait_for("tauri-driver to listen", lambda: up(port), timeout=20)
        wait_for("WebKitWebDriver to listen", lambda: up(native), timeout=20)
        return url

    def __exit__(self, *exc):
        for p in reversed(self.procs):
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)  # each child leads its own process group
                except ProcessLookupError:
                    pass
                try:
                    p.wait(5)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        self.log.close()
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)


class WebDriverError(Exception):
    pass


class Session:
    """A W3C WebDriver session: just the endpoints the tests use."""

    def __init__(self, base, application, timeout=120):
        self.base = base
        caps = {"capabilities": {"alwaysMatch": {"tauri:options": {"application": application}}}}
        for attempt in range(3):
            try:
                self.id = self._call("POST", "/session", caps, timeout=timeout)["sessionId"]
                break
            except (ConnectionError, http.client.HTTPException) as e:
                # A driver that just finished a session may drop the next request; retrying is
                # safe only if no app was started for it.
                if attempt == 2 or app_pids(application):
                    raise
                print(f"     (new session: {type(e).__name__}; retrying)", flush=True)
                time.sleep(2)
        self.prefix = f"/session/{self.id}"

    def _call(self, method, path, body=None, timeout=60):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return json.load(r)["value"]
        except urllib.error.HTTPError as e:
            try:
                v = json.load(e)["value"]
                raise WebDriverError(f"{method} {path}: {v.get('error')}: {v.get('message')}") from None
            except (ValueError, KeyError):
                raise WebDriverError(f"{method} {path}: HTTP {e.code}") from None

    def cmd(self, method, path, body=None, attempts=4):
        # tauri-driver now and then drops a connection without answering (seen under load and,
        # rarely, on an idle machine). Every command the tests send is safe to repeat, except
        # typing: a repeat would type twice, so a typed field is cleared before the retry.
        for attempt in range(attempts):
            try:
                return self._call(method, self.prefix + path, body)
            except (ConnectionError, http.client.HTTPException, urllib.error.URLError) as e:
                if isinstance(e, urllib.error.URLError) and not isinstance(e.reason, ConnectionError):
                    raise
                if attempt == attempts - 1:
                    raise
                print(f"     ({method} {path}: {type(e).__name__}; retrying)", flush=True)
                time.sleep(1 + attempt)
                if path.endswith("/value"):
                    self.cmd("POST", path[: -len("/value")] + "/clear", {})

    def js(self, script, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def js_async(self, script, *args):
        return self.cmd("POST", "/execute/async", {"script": script, "args": list(args)})

    def find(self, css):
        els = self.cmd("POST", "/elements", {"using": "css selector", "value": css})
        return [next(iter(e.values())) for e in els]

    def one(self, css, timeout=20):
        return wait_for(f"element {css!r}", lambda: (self.find(css) or [None])[0], timeout)

    def click(self, el):
        self.cmd("POST", f"/element/{el}/click", {})

    def type(self, el, text):
        self.cmd("POST", f"/element/{el}/value", {"text": text})

    def clear(self, el):
        self.cmd("POST", f"/element/{el}/clear", {})

    def text(self, el):
        # innerText, not WebDriver's "element text": WebKitWebDriver leaves out text that is
        # clipped with an ellipsis, such as a long story title.
        return self.cmd("GET", f"/element/{el}/property/innerText") or ""

    def title(self):
        return self.cmd("GET", "/title")

    def rect(self):
        return self.cmd("GET", "/window/rect")

    def set_rect(self, **rect):
        return self.cmd("POST", "/window/rect", rect)

    def screenshot(self, path):
        png = base64.b64decode(self.cmd("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(png)
        return path

    def delete(self):
        try:
            self._call("DELETE", self.prefix, timeout=15)
        except (WebDriverError, OSError):
            pass  # the app already quit, which is what we asked for


def processes():
    """pid -> (ppid, exe basename) for every process we can see."""
    out = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            out[int(pid)] = (ppid, name)
        except (OSError, ValueError):
            continue
    return out


def app_pids(exe=APP):
    real = os.path.realpath(exe)
    pids = []
    for pid in processes():
        try:
            if os.path.realpath(f"/proc/{pid}/exe") == real:
                pids.append(pid)
        except OSError:
            continue
    return pids


def tree(root):
    """`root` and all its descendants (WebKit's web and network processes are children of the app)."""
    procs = processes()
    found, frontier = [root], [root]
    while frontier:
        parent = frontier.pop()
        kids = [p for p, (pp, _) in procs.items() if pp == parent]
        found += kids
        frontier += kids
    return [(p, procs.get(p, (0, "?"))[1]) for p in found]


def memory(pid):
    """(PSS, RSS) in KiB of one process, from smaps_rollup."""
    pss = rss = 0
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                pss = int(line.split()[1])
            elif line.startswith("Rss:"):
                rss = int(line.split()[1])
    return pss, rss


class Screen:
    """The Xvfb screen as Xvfb's -fbdir keeps it: an XWD file, memory-mapped and always current."""

    def __init__(self, sandbox):
        self.file = sandbox.path("fb", "Xvfb_screen0")

    def pixels(self):
        """(width, height, bytes_per_line, bytes_per_pixel, raw pixel bytes)."""
        with open(self.file, "rb") as f:
            data = f.read()
        h = [int.from_bytes(data[i:i + 4], "big") for i in range(0, 100, 4)]
        header_size, width, height, bpp, bpl, ncolors = h[0], h[4], h[5], h[11], h[12], h[19]
        start = header_size + 12 * ncolors
        return width, height, bpl, bpp // 8, data[start:start + bpl * height]

    def sample(self, step=8):
        """A grid of pixel values every `step` pixels: cheap to compare between frames."""
        w, hgt, bpl, bypp, px = self.pixels()
        return tuple(px[y * bpl + x * bypp:y * bpl + x * bypp + 3]
                     for y in range(0, hgt, step) for x in range(0, w, step))

    def save_png(self, path):
        """Writes the whole screen as a PNG (standard library only)."""
        import struct
        import zlib

        w, hgt, bpl, bypp, px = self.pixels()
        rows = bytearray()
        for y in range(hgt):
            rows.append(0)
            line = px[y * bpl:y * bpl + w * bypp]
            for x in range(0, w * bypp, bypp):
                rows += bytes((line[x + 2], line[x + 1], line[x]))  # XWD holds BGRx

        def chunk(kind, data):
            return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

        with open(path, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, hgt, 8, 2, 0, 0, 0))
                    + chunk(b"IDAT", zlib.compress(bytes(rows), 6)) + chunk(b"IEND", b""))
