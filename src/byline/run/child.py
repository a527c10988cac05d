"""The driver inside each Python session's child interpreter (stdlib only, runs in any Python).

byline starts ``python -c <this file's text> RFD WFD``: requests arrive on fd RFD and
replies leave on fd WFD as length-prefixed ``marshal`` data, so nothing a block prints
(even from C code or a subprocess, on fd 1 and 2) can corrupt the protocol. Every block
runs in one ``__main__`` namespace, compiled with the post's path as its file name and
padded so traceback lines are post lines.

Start-up time is most of a session's overhead, so the driver imports nothing beyond what
the interpreter has already loaded: ``marshal`` instead of ``json`` and ``traceback`` and
``linecache`` only when needed halve it (about 19 ms to 10 ms here).
"""

from __future__ import annotations

import marshal
import os
import sys

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs milliseconds
if TYPE_CHECKING:
    import types
    from typing import Any

__all__ = ["main"]

_HEADER = 4


def _read_exact(fd: int, size: int) -> bytes:
    data = b""
    while len(data) < size:
        try:
            chunk = os.read(fd, size - len(data))
        except KeyboardInterrupt:  # a late interrupt while idle: ignore it
            continue
        if not chunk:
            raise EOFError
        data += chunk
    return data


def _receive(fd: int) -> dict[str, Any]:
    size = int.from_bytes(_read_exact(fd, _HEADER), "big")
    message: dict[str, Any] = marshal.loads(_read_exact(fd, size))  # noqa: S302 - from byline
    return message


def _send(fd: int, message: dict[str, Any]) -> None:
    data = marshal.dumps(message, 4)
    view = memoryview(len(data).to_bytes(_HEADER, "big") + data)
    while view:
        view = view[os.write(fd, view) :]


def _names(exc: BaseException) -> list[str]:
    """Names the exception answers to in ``raises=``: class names and qualified names."""
    out = []
    for cls in type(exc).__mro__:
        out += [cls.__name__, f"{cls.__module__}.{cls.__qualname__}"]
    return out


def _error(exc: BaseException, tb: types.TracebackType | None) -> dict[str, Any]:
    import traceback

    frames = [
        {"file": f.filename, "line": f.lineno, "name": f.name, "code": f.line or ""}
        for f in traceback.extract_tb(tb)
    ]
    text = "".join(traceback.format_exception(type(exc), exc, tb))
    if isinstance(exc, SyntaxError) and exc.filename:
        frames.append({"file": exc.filename, "line": exc.lineno or 0, "name": "", "code": ""})
    summary = traceback.format_exception_only(type(exc), exc)[-1].strip()
    return {
        "type": type(exc).__name__,
        "clean_exit": isinstance(exc, SystemExit) and exc.code in (None, 0),
        "names": _names(exc),
        "summary": summary,
        "frames": frames,
        "traceback": text,
    }


class Driver:
    """Runs the blocks of one session in one namespace."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        module = type(sys)("__main__")
        module.__dict__["__builtins__"] = __builtins__
        sys.modules["__main__"] = module
        self.namespace = module.__dict__
        self.sources: dict[str, list[str]] = {}

    def register(self, filename: str, line: int, code: str) -> None:
        """Remember the block's lines for tracebacks and ``inspect.getsource``."""
        lines = self.sources.setdefault(filename, [])
        new = code.splitlines(keepends=True)
        while len(lines) < line - 1 + len(new):
            lines.append("\n")
        lines[line - 1 : line - 1 + len(new)] = new
        if "linecache" in sys.modules:
            self.publish()

    def publish(self) -> None:
        """Put the blocks' lines where tracebacks and ``inspect`` look for them."""
        import linecache

        for filename, lines in self.sources.items():
            linecache.cache[filename] = (sum(map(len, lines)), None, lines, filename)

    def run(self, request: dict[str, Any]) -> dict[str, Any]:
        filename, line, code = request["filename"], int(request["line"]), request["code"]
        self.register(filename, line, code)
        if request.get("mode") == "doctest":
            return self.doctest(filename, line, code)
        try:
            compiled = compile("\n" * (line - 1) + code, filename, "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as exc:  # ValueError: a NUL byte in the code
            self.publish()
            return {"error": _error(exc, None)}  # the driver's frames say nothing here
        try:
            exec(compiled, self.namespace)  # noqa: S102 - running the post is the point
        except BaseException as exc:
            self.forked_exit(1)
            self.publish()
            tb = exc.__traceback__
            error = _error(exc, tb.tb_next if tb else None)  # without this frame
            error["expected"] = self.expected(exc, request.get("raises", ""))
            return {"error": error}
        finally:
            self.forked_exit(0)
            _flush()
        return {"error": None}

    def expected(self, exc: BaseException, raises: str) -> bool:
        """Whether ``raises=NAME`` names ``exc``'s class or a base, as the post's code sees
        it (``json.JSONDecodeError``, ``np.linalg.LinAlgError``); imports nothing."""
        if not raises:
            return False
        import builtins  # loaded already: a dictionary lookup

        first, *rest = raises.split(".")
        try:
            found = self.namespace.get(first)
            if found is None:
                found = getattr(builtins, first, None) or sys.modules.get(first)
            for part in rest:
                found = getattr(found, part, None)
            return isinstance(found, type) and isinstance(exc, found)
        except Exception:  # an odd object's __getattr__: fall back to the class names
            return False

    def forked_exit(self, status: int) -> None:
        """A block that forked: the copy never returns into the driver."""
        if os.getpid() != self.pid:
            _flush()
            os._exit(status)

    def doctest(self, filename: str, line: int, code: str) -> dict[str, Any]:
        import doctest

        failures: list[dict[str, Any]] = []

        class Runner(doctest.DocTestRunner):
            def report_failure(self, out: Any, test: Any, example: Any, got: str) -> None:
                failures.append(
                    {
                        "line": line + example.lineno,
                        "expected": example.want,
                        "actual": got,
                        "error": None,
                    }
                )

            def report_unexpected_exception(
                self, out: Any, test: Any, example: Any, exc_info: Any
            ) -> None:
                failures.append(
                    {
                        "line": line + example.lineno,
                        "expected": example.want,
                        "actual": "",
                        # tb_next: from the example's own frame, not doctest's
                        "error": _error(exc_info[1], exc_info[2].tb_next),
                    }
                )

        test = doctest.DocTestParser().get_doctest(code, self.namespace, filename, filename, 0)
        runner = Runner(optionflags=doctest.ELLIPSIS, verbose=False)
        runner.run(test, out=lambda _text: None, clear_globs=False)
        self.forked_exit(0)
        _flush()
        return {"error": None, "doctest": failures}

    def figures(self, folder: str, stem: str) -> list[str]:
        """Save every matplotlib figure left open as SVG in ``folder``, then close them."""
        pyplot = sys.modules.get("matplotlib.pyplot")
        if pyplot is None or not folder:
            return []
        saved: list[str] = []
        for number in list(pyplot.get_fignums()):
            path = os.path.join(folder, f"{stem}-{len(saved) + 1}.svg")  # noqa: PTH118
            style = {"svg.fonttype": "none", "svg.hashsalt": "byline"}
            try:
                with pyplot.rc_context(style):
                    pyplot.figure(number).savefig(path, format="svg", metadata={"Date": None})
                saved.append(path)
            finally:
                pyplot.close(number)
        return saved


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except Exception:  # noqa: S110 - a block may have closed or replaced the stream
            pass


def main() -> None:
    rfd, wfd = int(sys.argv[1]), int(sys.argv[2])
    sys.argv = [""]
    driver = Driver()
    _send(wfd, {"ready": driver.pid, "python": sys.version.split()[0]})
    while True:
        try:
            request = _receive(rfd)
        except EOFError:
            return
        try:
            reply = driver.run(request)
            reply["figures"] = driver.figures(request.get("figures", ""), request.get("stem", ""))
        except BaseException as exc:  # a figure that fails to save, an interrupt in between
            driver.publish()
            reply = {"error": _error(exc, exc.__traceback__), "figures": []}
        _send(wfd, reply)


if __name__ == "__main__":
    main()
