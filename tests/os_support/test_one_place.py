"""Every difference between Windows, macOS and Linux is in app/os_support: nothing else
in app/ reads sys.platform or os.name, asks platform.system(), or imports the modules
that exist on some platforms only (issue 22: hardening.py imported resource, which
Windows does not have, and files.py chose its locks by sys.platform)."""

from __future__ import annotations

import ast
from pathlib import Path

import app

APP = Path(app.__file__).parent
PLATFORM_PACKAGE = "os_support"
# Modules some platforms lack, or that only make sense per platform.
PLATFORM_MODULES = {"resource", "fcntl", "msvcrt", "ctypes", "winreg", "_winapi", "termios"}
# Reading these is asking which platform this is.
PLATFORM_QUESTIONS = {
    ("sys", "platform"),
    ("sys", "getwindowsversion"),
    ("os", "name"),
    ("os", "uname"),
    ("platform", "system"),
    ("platform", "uname"),
    ("platform", "win32_ver"),
    ("platform", "mac_ver"),
}


def platform_branches(source: str, name: str) -> list[str]:
    """What in ``source`` depends on the platform: imports of platform-only modules
    and questions about which platform this is."""
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Import):
            found += [
                f"{name}:{node.lineno} imports {alias.name}"
                for alias in node.names
                if alias.name.split(".")[0] in PLATFORM_MODULES
            ]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            top = node.module.split(".")[0]
            if top in PLATFORM_MODULES:
                found.append(f"{name}:{node.lineno} imports {node.module}")
            for alias in node.names:
                if (top, alias.name) in PLATFORM_QUESTIONS:
                    found.append(f"{name}:{node.lineno} imports {top}.{alias.name}")
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and (node.value.id, node.attr) in PLATFORM_QUESTIONS
        ):
            found.append(f"{name}:{node.lineno} reads {node.value.id}.{node.attr}")
    return found


def test_nothing_outside_os_support_depends_on_the_platform() -> None:
    found = []
    for source in sorted(APP.rglob("*.py")):
        name = source.relative_to(APP).as_posix()
        if name.split("/")[0] != PLATFORM_PACKAGE:
            found += platform_branches(source.read_text(encoding="utf-8"), name)
    assert found == [], "ask app.os_support instead"


def test_the_check_finds_each_kind_of_platform_question() -> None:
    samples = {
        "import resource": "imports resource",
        "import ctypes.util": "imports ctypes.util",
        "from fcntl import flock": "imports fcntl",
        "import msvcrt as m": "imports msvcrt",
        "from sys import platform": "imports sys.platform",
        "if sys.platform == 'win32': pass": "reads sys.platform",
        "x = os.name": "reads os.name",
        "platform.system()": "reads platform.system",
    }
    for source, what in samples.items():
        assert platform_branches(source, "m.py") == [f"m.py:1 {what}"], source
    # Showing the platform to a person is not branching on it (the crash report does).
    assert platform_branches("text = platform.platform(terse=True)", "m.py") == []
    assert platform_branches("from app.os_support import places", "m.py") == []
