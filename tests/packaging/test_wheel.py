"""`python -m build` makes a wheel and sdist with every resource, and the wheel
installed into a clean venv gives a working `mentee-portfolio` (slow: builds and
installs; run by packaging/build.sh)."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# They need the `build` tool and a package index (for the clean venv), so only
# packaging/build.sh, which provides both, turns them on.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("MENTEE_PORTFOLIO_BUILD_TESTS") != "1",
        reason="run by packaging/build.sh (needs `build` and a package index)",
    ),
]


def _resource_files() -> set[str]:
    return {
        p.relative_to(ROOT / "resources").as_posix()
        for p in (ROOT / "resources").rglob("*")
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return out


def test_wheel_and_sdist_carry_every_resource(built: Path) -> None:
    wheel = next(built.glob("*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = _resource_files()
    assert {f"app/_resources/{name}" for name in expected} <= names
    assert "app/store/migrations/script.py.mako" in names
    sdist = next(built.glob("*.tar.gz"))
    with tarfile.open(sdist) as tar:
        members = {m.name.split("/", 1)[1] for m in tar.getmembers() if "/" in m.name}
    assert {f"resources/{name}" for name in expected} <= members
    assert "packaging/linux/uk.org.menteeportfolio.MenteePortfolio.desktop" in members


def test_wheel_in_a_clean_venv_runs(built: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    wheel = next(built.glob("*.whl"))
    subprocess.run(
        [str(venv / "bin" / "pip"), "install", "-q", str(wheel)], check=True, capture_output=True
    )
    exe = str(venv / "bin" / "mentee-portfolio")
    home = tmp_path / "home"
    env = {
        **os.environ,
        "MENTEE_PORTFOLIO_HOME": str(home),
        "MENTEE_PORTFOLIO_PASSPHRASE": "a long enough passphrase",
    }
    run = lambda *args: subprocess.run(  # noqa: E731
        [exe, *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    helped = run("--help")
    assert helped.returncode == 0 and "init" in helped.stdout
    portfolio = tmp_path / "p.mentee"
    code_file = tmp_path / "code.txt"
    init = run(
        "init", str(portfolio), "--owner", "Siân Ó Dálaigh", "--recovery-code-out", str(code_file)
    )
    assert init.returncode == 0, init.stderr
    checked = run("check", str(portfolio))
    assert checked.returncode == 0, checked.stderr
    assert "chain intact" in checked.stdout
    # The installed copy finds its resources inside the package, not in this checkout.
    where = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "from app.resources import resources_dir; print(resources_dir())",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "site-packages/app/_resources" in where.stdout
    assert (home / "logs" / "mentee-portfolio.log").is_file()
