"""The distributions a user installs: built from this tree, checked, installed, used.

Builds the sdist and wheel of blikopwerk and of each plugin in ``plugins/`` (with the
``build`` and ``hatchling`` of the dev environment, offline), checks that each carries the
MIT licence (and, for blikopwerk, the GeoNames CC BY 4.0 notice) and its metadata, then
installs the blikopwerk wheel with the ``all`` extra into a fresh virtual environment and
runs the README's tour there: every ``pycon`` block as a doctest, and every ``werkscan``
and ``keurmerk`` line of its ``console`` blocks as a command.

Dependencies come from a wheelhouse kept in the dev environment
(``<venv>/.packaging-cache/wheelhouse``): filled from the package index the first time
(and when a dependency changes), then installed from with ``--no-index``, so later runs
need no network. When the wheelhouse lacks something and the index cannot be reached, the
test skips and says so.
"""

from __future__ import annotations

import email.parser
import os
import re
import shlex
import subprocess
import sys
import tarfile
import urllib.request
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PLUGINS = sorted(p for p in (ROOT / "plugins").glob("*") if (p / "pyproject.toml").exists())
CACHE = Path(sys.prefix) / ".packaging-cache"
WHEELHOUSE = CACHE / "wheelhouse"
LICENSE = (ROOT / "LICENSE").read_text("utf-8")
STEP_TIMEOUT = 900  # seconds for any one build, download or install

pytestmark = pytest.mark.slow


def _run(cmd: list[str], *, cwd: Path = ROOT, env: dict[str, str] | None = None,
         timeout: float = STEP_TIMEOUT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, f"{shlex.join(done.args)} exited {done.returncode}:\n" \
                                 f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """sdists and wheels of blikopwerk and every plugin, built from this tree."""
    out = tmp_path_factory.mktemp("dist")
    for project in (ROOT, *PLUGINS):
        _ok(_run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(project)]))
    return out


def _metadata(text: str) -> email.message.Message:
    return email.parser.Parser().parsestr(text)


def _names() -> list[str]:
    return ["blikopwerk", *(f"blikopwerk_{p.name}" for p in PLUGINS)]


def test_every_plugin_ships_the_same_licence_file() -> None:
    for plugin in PLUGINS:
        assert (plugin / "LICENSE").read_text("utf-8") == LICENSE, plugin
    assert LICENSE.startswith("MIT License") and "The blikopwerk developers" in LICENSE


def test_every_wheel_carries_the_licence_and_its_metadata(dist: Path) -> None:
    for name in _names():
        (wheel,) = dist.glob(f"{name}-*.whl")
        with zipfile.ZipFile(wheel) as zf:
            info = next(n.split("/")[0] for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
            meta = _metadata(zf.read(f"{info}/METADATA").decode())
            assert zf.read(f"{info}/licenses/LICENSE").decode() == LICENSE, wheel.name
            files = meta.get_all("License-File") or []
            if name == "blikopwerk":
                notice = zf.read(f"{info}/licenses/NOTICE").decode()
                assert "GeoNames" in notice and "CC BY 4.0" in notice
                assert "nl_pc4_centroids.csv" in notice
                assert "blikopwerk/data/nl_pc4_centroids.csv" in zf.namelist()
                assert sorted(files) == ["LICENSE", "NOTICE"]
            else:
                assert files == ["LICENSE"]
        assert meta["License-Expression"] == "MIT", wheel.name
        urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
        assert {"Homepage", "Documentation", "Source", "Issues", "Changelog"} <= set(urls), wheel.name
        classifiers = meta.get_all("Classifier") or []
        assert "Development Status :: 3 - Alpha" in classifiers
        assert "Programming Language :: Python :: 3.11" in classifiers
        assert "Typing :: Typed" in classifiers


def test_every_sdist_carries_the_licence(dist: Path) -> None:
    for name in _names():
        (sdist,) = dist.glob(f"{name}-*.tar.gz")
        with tarfile.open(sdist) as tf:
            top = sdist.name.removesuffix(".tar.gz")
            names = tf.getnames()
            licence = tf.extractfile(f"{top}/LICENSE")
            assert licence is not None and licence.read().decode() == LICENSE, sdist.name
            if name == "blikopwerk":
                assert f"{top}/NOTICE" in names
                assert not any(n.startswith((f"{top}/plugins/", f"{top}/docs/_build/")) for n in names)
            pkg_info = tf.extractfile(f"{top}/PKG-INFO")
            assert pkg_info is not None
            assert _metadata(pkg_info.read().decode())["License-Expression"] == "MIT"


def _index_reachable() -> str | None:
    """None when the package index answers, else why not."""
    done = _run([sys.executable, "-m", "pip", "config", "get", "global.index-url"], timeout=60)
    url = done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else "https://pypi.org/simple/"
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/pip/", timeout=20):
            return None
    except OSError as err:
        return f"the package index {url} is unreachable ({err})"


def _install(python: Path, wheel: Path) -> None:
    """``pip install "<wheel>[all]"`` into ``python``'s venv, from the wheelhouse when it can."""
    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_CACHE_DIR=str(CACHE / "pip"))
    target = f"blikopwerk[all] @ {wheel.as_uri()}"
    offline = [str(python), "-m", "pip", "install", "-q", "--no-index", "--find-links", str(WHEELHOUSE), target]
    if WHEELHOUSE.exists() and _run(offline, env=env).returncode == 0:
        return
    reason = _index_reachable()
    if reason:
        pytest.skip(f"{reason}, and the wheelhouse {WHEELHOUSE} does not hold every dependency")
    WHEELHOUSE.mkdir(parents=True, exist_ok=True)
    _ok(_run([str(python), "-m", "pip", "download", "-q", "--dest", str(WHEELHOUSE), target], env=env))
    for built in WHEELHOUSE.glob("blikopwerk-*.whl"):  # the project itself comes from dist, never from here
        built.unlink()
    _ok(_run(offline, env=env))


def _readme_blocks(kind: str) -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    blocks = re.findall(rf"^```{kind}\n(.*?)^```", text, flags=re.S | re.M)
    assert blocks, f"the README has no {kind} block"
    return blocks


def _readme_commands() -> list[list[str]]:
    """The README's ``werkscan`` and ``keurmerk`` command lines, comments removed."""
    commands = []
    for block in _readme_blocks("console"):
        for line in block.splitlines():
            words = shlex.split(line.removeprefix("$ "), comments=True)
            if words and words[0] in ("werkscan", "keurmerk"):
                commands.append(words)
    return commands


def test_the_readme_tour_runs_from_the_wheel_in_a_fresh_environment(
        dist: Path, tmp_path: Path) -> None:
    home = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(home)
    python = home / "bin" / "python"
    (wheel,) = dist.glob("blikopwerk-*.whl")
    _install(python, wheel)
    _ok(_run([str(python), "-m", "pip", "check"]))
    shown = _ok(_run([str(python), "-m", "pip", "show", "blikopwerk"]))
    assert f"Location: {home}" in shown  # the wheel, not the editable tree

    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BLIKOPWERK_", "PYTHON"))}
    env["PATH"] = f"{home / 'bin'}{os.pathsep}{env.get('PATH', '')}"

    # The Python tour: every pycon block, in order, as one doctest.
    tour = work / "tour.txt"
    tour.write_text("\n".join(_readme_blocks("pycon")), "utf-8")
    out = _ok(_run([str(python), "-m", "doctest", "-o", "ELLIPSIS", str(tour)], cwd=work, env=env))
    assert out == ""

    # The command-line tour.
    commands = _readme_commands()
    assert commands[0] == ["werkscan", "examples"], "the README's command tour starts with `werkscan examples`"
    examples = _run(["werkscan", "examples"], cwd=work, env=env)
    missing_examples = examples.returncode != 0 and "No such command 'examples'" in examples.stderr
    if missing_examples:  # not in this build yet: copy the package's example files by hand
        copy = ("import json, pathlib, shutil, werkscan, keurmerk\n"
                "w = pathlib.Path(werkscan.__file__).parent / 'data'\n"
                "k = pathlib.Path(keurmerk.__file__).parent / 'data'\n"
                "for src, dst in [(w / 'example_answers.json', 'answers.json'), (w / 'example_batch.csv', 'batch.csv'),\n"
                "                 (k / 'example_survey_2020.json', 'survey.json'),\n"
                "                 (k / 'example_providers.json', 'providers.json')]:\n"
                "    shutil.copy(src, dst)\n")
        _ok(_run([str(python), "-c", copy], cwd=work, env=env))
    else:
        _ok(examples)
    for name in ("answers.json", "batch.csv", "survey.json", "providers.json"):
        assert (work / name).is_file(), name
    outputs = {}
    for words in commands[1:]:
        outputs[shlex.join(words)] = _ok(_run(words, cwd=work, env=env, timeout=300))
    # `werkscan score` prints Dutch by default, like `werkscan report` (issue 14): 39,5
    assert "39,5" in outputs["werkscan score answers.json"]
    assert "2.327,00" in outputs["keurmerk fee 249999"]
    for pdf in ("report.pdf", "survey.pdf"):
        assert (work / pdf).read_bytes().startswith(b"%PDF-"), pdf
    assert (work / "report.html").read_text("utf-8").lstrip().lower().startswith("<!doctype html")
    assert (work / "results.parquet").read_bytes()[:4] == b"PAR1"
    if missing_examples:
        pytest.xfail("every README line runs from the wheel except `werkscan examples`, "
                     "which this build does not have yet (its files were copied by hand)")

