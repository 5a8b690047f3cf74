#!/usr/bin/env python3
"""Dependency audits, run by `make test`: known vulnerabilities fail the run.

    .venv/bin/python tools/audit.py [--requirements FILE] [--npm-dir DIR]

- pip-audit checks every pinned package in requirements.txt (the pins, as
  installed; nothing is resolved again).
- npm audit checks package-lock.json, production and development packages.

Both ask a vulnerability database over the network. When one cannot be
reached, or cannot check some packages, nothing is known about them: that
fails the run under CI=true and is a loud warning elsewhere. AUDIT_UNREACHABLE
(fail or warn) overrides that default. See docs/decisions/0024-backups-and-audits.md.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: pip-audit's vulnerability service: "pypi" (the package index's JSON API) or "osv".
PIP_AUDIT_SERVICE = os.environ.get("AUDIT_PIP_SERVICE", "pypi")
TIMEOUT = 300


def unreachable_policy():
    policy = os.environ.get("AUDIT_UNREACHABLE", "").strip().lower()
    if policy in {"fail", "warn"}:
        return policy
    if policy:
        sys.exit(f"AUDIT_UNREACHABLE must be 'fail' or 'warn', not {policy!r}")
    return "fail" if os.environ.get("CI", "").lower() == "true" else "warn"


class Outcome:
    def __init__(self, tool):
        self.tool = tool
        self.vulnerable = []  # lines, one per vulnerable package
        self.unchecked = []  # why packages could not be checked
        self.unchecked_count = 0

    def report(self, checked):
        if self.vulnerable:
            print(f"{self.tool}: {len(self.vulnerable)} packages with known vulnerabilities:")
            for line in self.vulnerable:
                print(f"  {line}")
        if self.unchecked:
            count = self.unchecked_count or len(self.unchecked)
            print(f"{self.tool}: COULD NOT CHECK {count} of {checked} packages:")
            for line in self.unchecked[:5]:
                print(f"  {line}")
            if len(self.unchecked) > 5:
                print(f"  ... and {len(self.unchecked) - 5} more")
        if not self.vulnerable and not self.unchecked:
            print(f"{self.tool}: {checked} packages, no known vulnerabilities")


def last_lines(text, count=3):
    return " | ".join([line.strip() for line in text.splitlines() if line.strip()][-count:])


def pip_audit(requirements):
    outcome = Outcome(f"pip-audit ({requirements.name}, service {PIP_AUDIT_SERVICE})")
    pins = [
        line.split("#")[0].strip()
        for line in requirements.read_text(encoding="utf-8").splitlines()
        if line.split("#")[0].strip()
    ]
    program = Path(sys.executable).parent / "pip-audit"
    if not program.exists():
        outcome.unchecked.append(f"pip-audit is not installed in {program.parent} (it is in requirements.txt)")
        return outcome, len(pins)
    with tempfile.TemporaryDirectory() as work:
        report = Path(work) / "report.json"
        result = subprocess.run(  # noqa: S603 (a fixed program and arguments; no shell)
            [
                str(program),
                "--requirement",
                str(requirements),
                # The file pins every package: audit the pins, without pip resolving them again.
                "--no-deps",
                "--disable-pip",
                "--vulnerability-service",
                PIP_AUDIT_SERVICE,
                "--format",
                "json",
                "--output",
                str(report),
                "--progress-spinner",
                "off",
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        if not report.exists():
            outcome.unchecked.append(f"pip-audit stopped (exit {result.returncode}): {last_lines(result.stderr, 1)}")
            return outcome, len(pins)
        data = json.loads(report.read_text(encoding="utf-8"))
    for dependency in data.get("dependencies", []):
        if dependency.get("skip_reason"):
            outcome.unchecked.append(dependency["skip_reason"])
            continue
        name = f"{dependency['name']}=={dependency['version']}"
        for vulnerability in dependency.get("vulns", []):
            fixes = ", ".join(vulnerability.get("fix_versions") or []) or "no fixed release yet"
            aliases = ", ".join(vulnerability.get("aliases") or [])
            outcome.vulnerable.append(
                f"{name}: {vulnerability['id']}{f' ({aliases})' if aliases else ''}; fixed in {fixes}"
            )
    return outcome, len(data.get("dependencies", [])) or len(pins)


def locked_package_count(folder):
    try:
        lock = json.loads((folder / "package-lock.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    return len([path for path in lock.get("packages", {}) if path])


def npm_audit(folder):
    outcome = Outcome(f"npm audit ({folder.name}/package-lock.json, production and development)")
    result = subprocess.run(
        ["npm", "audit", "--json", "--include=prod", "--include=dev"],  # noqa: S607 (npm from PATH, as make deps uses it)
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    try:
        data = json.loads(result.stdout)
    except json.JSONDecodeError:
        outcome.unchecked.append(f"npm audit gave no report (exit {result.returncode}): {last_lines(result.stderr)}")
        return outcome, 0
    counted = locked_package_count(folder)
    if "error" in data or "vulnerabilities" not in data:
        message = data.get("message") or data.get("error", {}).get("summary") or last_lines(result.stderr)
        outcome.unchecked.append(f"the advisory service did not answer: {message}")
        outcome.unchecked_count = counted
        return outcome, counted
    for name, vulnerability in sorted(data["vulnerabilities"].items()):
        fix = vulnerability.get("fixAvailable")
        if isinstance(fix, dict):
            fix_note = f"fixed by {fix.get('name')}@{fix.get('version')}"
        else:
            fix_note = "fix available" if fix else "no fix available yet"
        advisories = [item["url"] for item in vulnerability.get("via", []) if isinstance(item, dict) and "url" in item]
        outcome.vulnerable.append(
            f"{name} {vulnerability.get('range', '')}: {vulnerability.get('severity')}; {fix_note}"
            f"{'; ' + ', '.join(advisories) if advisories else ''}"
        )
    return outcome, counted


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requirements", type=Path, default=ROOT / "requirements.txt")
    parser.add_argument("--npm-dir", type=Path, default=ROOT, help="the folder holding package-lock.json")
    arguments = parser.parse_args(argv)
    policy = unreachable_policy()

    outcomes = [pip_audit(arguments.requirements), npm_audit(arguments.npm_dir)]
    for outcome, checked in outcomes:
        outcome.report(checked)

    failed = False
    if any(outcome.vulnerable for outcome, _checked in outcomes):
        print("FAILED: known vulnerabilities above. Upgrade each package (pinned) to a fixed release.")
        failed = True
    if any(outcome.unchecked for outcome, _checked in outcomes):
        if policy == "fail":
            print(
                "FAILED: a vulnerability source could not be reached or could not check every package, so "
                "nothing is known about those packages. (AUDIT_UNREACHABLE=warn turns this into a warning; "
                "see docs/decisions/0024-backups-and-audits.md.)"
            )
            failed = True
        else:
            print(
                "WARNING: some packages were NOT AUDITED (above). Under CI=true this fails the run "
                "(AUDIT_UNREACHABLE=fail)."
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
