"""Shell completion works as the install page says, in bash, zsh and fish.

Each test loads the completion script the command prints (``_WERKSCAN_COMPLETE=<shell>_source``)
into a real shell and asks it to complete a partial command line. A shell that is not
installed is skipped, by name.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
INSTALL_PAGE = Path(__file__).resolve().parent.parent.parent / "docs" / "install.md"


def _shell(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (Debian: apt-get install {name})")
    return found


def _env() -> dict[str, str]:
    return dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")


def _complete(shell: str, script: str) -> list[str]:
    done = subprocess.run([shell, *(["-f"] if shell.endswith("zsh") else []), "-c", script],
                          capture_output=True, text=True, env=_env(), timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.parametrize(("command", "partial", "expected"), [
    ("werkscan", ["werkscan", "sc"], {"schema", "score"}),
    ("keurmerk", ["keurmerk", "fee", "--f"], {"--format"}),
])
def test_bash(command: str, partial: list[str], expected: set[str]) -> None:
    bash = _shell("bash")
    var = f"_{command.upper()}_COMPLETE"
    words = " ".join(partial)
    got = _complete(bash, f'eval "$({var}=bash_source {command})"; COMP_WORDS=({words}); '
                          f'COMP_CWORD={len(partial) - 1}; _{command}_completion {command}; '
                          'printf "%s\\n" "${COMPREPLY[@]}"')
    assert set(got) == expected


@pytest.mark.parametrize(("command", "partial", "expected"), [
    ("werkscan", ["werkscan", "sc"], {"schema", "score"}),
    ("keurmerk", ["keurmerk", "s"], {"search", "services", "stars", "survey"}),
])
def test_zsh(command: str, partial: list[str], expected: set[str]) -> None:
    zsh = _shell("zsh")
    var = f"_{command.upper()}_COMPLETE"
    # compdef, _describe and compadd are zsh's completion system; stand-ins print what
    # the script offers instead of drawing a menu.
    got = _complete(zsh, 'compdef() { :; }; _describe() { print -l -- "${(@P)3}"; }; '
                         'compadd() { print -l -- "${(@P)${@[-1]}}"; }; '
                         f'eval "$({var}=zsh_source {command})"; words=({" ".join(partial)}); '
                         f'CURRENT={len(partial)}; _{command}_completion')
    assert {g.split(":", 1)[0] for g in got} == expected


@pytest.mark.parametrize(("command", "partial", "expected"), [
    ("werkscan", "werkscan sc", {"schema", "score"}),
    ("keurmerk", "keurmerk fee --f", {"--format"}),
])
def test_fish(command: str, partial: str, expected: set[str]) -> None:
    fish = _shell("fish")
    var = f"_{command.upper()}_COMPLETE"
    done = subprocess.run([fish, "--no-config", "-c",
                           f'source (env {var}=fish_source {command} | psub); complete -C "{partial}"'],
                          capture_output=True, text=True, env=_env(), timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert {line.split("\t", 1)[0] for line in done.stdout.splitlines()} == expected


def test_the_install_page_shows_the_commands_these_tests_run() -> None:
    page = INSTALL_PAGE.read_text("utf-8")
    for shell in ("bash", "zsh", "fish"):
        for command in ("werkscan", "keurmerk"):
            assert f"_{command.upper()}_COMPLETE={shell}_source {command}" in page
