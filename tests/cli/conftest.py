from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from app.domain.record_types import (
    Action,
    Contract,
    Goal,
    Mentor,
    Relationship,
    SessionRecord,
)
from app.services import records
from app.services.portfolio import CreatedPortfolio, default_contract_wording
from tests.conftest import PASSPHRASE, pinned_now


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(
    *args: str | Path,
    env: dict[str, str] | None = None,
    passphrase: str | None = PASSPHRASE,
    user: str | None = None,
) -> CliResult:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("MENTEE_PORTFOLIO_PASSPHRASE", None)
    if passphrase is not None:
        full_env["MENTEE_PORTFOLIO_PASSPHRASE"] = passphrase
    command = [sys.executable, "-m", "app", *map(str, args)]
    moment = pinned_now()
    if moment is not None:
        # The command's clock starts where the test's is (libfaketime: local time). A
        # suite run under faketime itself passes libfaketime on: take it off first, or
        # faketime warns on stderr (and would share the outer clock's state).
        _leave_libfaketime(full_env)
        command = ["faketime", "-f", f"@{moment:%Y-%m-%d %H:%M:%S}", *command]
    if user is not None:
        command, full_env = _as_other_user(command, full_env)
        import pwd

        # Debian's nobody is in nogroup, not a group called "nobody".
        entry = pwd.getpwuid(int(user)) if user.isdigit() else pwd.getpwnam(user)
        group = entry.pw_gid
        command = ["setpriv", f"--reuid={user}", f"--regid={group}", "--clear-groups", *command]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    return CliResult(result.returncode, result.stdout, result.stderr)


REPO = Path(__file__).resolve().parents[2]


def _reachable_by_others(path: Path) -> bool:
    """Whether any user may run ``path``: every folder above it can be entered."""
    return all(os.stat(folder).st_mode & 0o001 for folder in path.parents)


def _as_other_user(command: list[str], env: dict[str, str]) -> tuple[list[str], dict[str, str]]:
    """The command with an interpreter another user can run. The venv's python may be
    a link into a folder only root can enter (pyenv under /root): then the system's
    python of the same version runs, with the venv's packages and this checkout on
    its path."""
    interpreter = Path(sys.executable).resolve()
    if _reachable_by_others(interpreter):
        return command, env
    import shutil
    import sysconfig

    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    system = shutil.which(version, path="/usr/local/bin:/usr/bin:/bin")
    if system is None or not _reachable_by_others(Path(system).resolve()):
        pytest.skip(f"no {version} that another user may run")
    packages = sysconfig.get_paths()["purelib"]
    path = os.pathsep.join([str(REPO), packages, env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    index = command.index(sys.executable)
    return [*command[:index], system, *command[index + 1 :]], {**env, "PYTHONPATH": path}


def _leave_libfaketime(env: dict[str, str]) -> None:
    for name in [n for n in env if n.startswith("FAKETIME")]:
        del env[name]
    entries = re.split(r"[\s:]+", env.get("LD_PRELOAD", ""))
    preload = [entry for entry in entries if entry and "libfaketime" not in entry]
    if preload:
        env["LD_PRELOAD"] = " ".join(preload)
    else:
        env.pop("LD_PRELOAD", None)


def assert_one_line_error(result: CliResult, *fragments: str) -> None:
    assert result.code == 2, (result.out, result.err)
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.fixture
def filled(created: CreatedPortfolio) -> CreatedPortfolio:
    """A portfolio with one of everything, locked, ready for the CLI."""
    pf = created.portfolio
    mentor = records.save(pf, Mentor(name="Dr Αλέξανδρος Łukasz", role="Consultant"))
    rel = records.save(pf, Relationship(mentor_id=mentor.id, start_date=date(2026, 1, 5)))
    records.save(pf, Contract(relationship_id=rel.id, **default_contract_wording()))
    goal = records.save(pf, Goal(relationship_id=rel.id, title="Lead <QI> & teach"))
    session = records.save(
        pf,
        SessionRecord(
            relationship_id=rel.id,
            held_on=date(2026, 2, 3),
            topics="Rota 🚑 \U0001fae8\nLeadership",  # the last newer than every font
            goal_ids=[goal.id],
        ),
    )
    records.save(
        pf,
        Action(
            relationship_id=rel.id,
            origin_session_id=session.id,
            description="Read the NHS leadership framework",
        ),
    )
    pf.lock()
    return created
