"""The dependency audits `make test` ends with (tools/audit.py).

A known vulnerability fails; a package the advisory service could not check
is never counted as clean: under CI=true it fails, elsewhere it warns loudly.
See docs/decisions/0024-backups-and-audits.md.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import service_missing

AUDIT = Path(__file__).resolve().parents[2] / "tools" / "audit.py"
#: Nothing listens on port 9 (discard): every request to it is refused at once.
NOWHERE = "http://127.0.0.1:9"


@pytest.fixture
def project(tmp_path):
    """A requirements file and an npm lockfile, each pinning one release with published vulnerabilities."""
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("Django==3.2.0\n")
    npm = tmp_path / "npm"
    npm.mkdir()
    package = {"name": "audit-check", "version": "1.0.0", "private": True, "dependencies": {"lodash": "4.17.15"}}
    (npm / "package.json").write_text(json.dumps(package))
    lock = {
        "name": "audit-check",
        "version": "1.0.0",
        "lockfileVersion": 3,
        "requires": True,
        "packages": {"": package, "node_modules/lodash": {"version": "4.17.15"}},
    }
    (npm / "package-lock.json").write_text(json.dumps(lock))
    return requirements, npm


def audit(project, **environment):
    requirements, npm = project
    env = {key: value for key, value in os.environ.items() if key not in {"CI", "AUDIT_UNREACHABLE"}}
    result = subprocess.run(  # noqa: S603 (this Python running tools/audit.py; no shell)
        [sys.executable, str(AUDIT), "--requirements", str(requirements), "--npm-dir", str(npm)],
        env={**env, **environment},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


OFFLINE = {
    "HTTPS_PROXY": NOWHERE,
    "https_proxy": NOWHERE,
    "npm_config_registry": f"{NOWHERE}/",
    "npm_config_fetch_retries": "0",
}


def test_advisory_services_out_of_reach_fail_the_audit_under_ci(project):
    status, output = audit(project, CI="true", **OFFLINE)

    assert status == 1, output
    assert "pip-audit (requirements.txt, service pypi): COULD NOT CHECK 1 of 1 packages" in output
    assert "npm audit (npm/package-lock.json, production and development): COULD NOT CHECK 1 of 1 packages" in output
    assert "ECONNREFUSED 127.0.0.1:9" in output
    assert "FAILED: a vulnerability source could not be reached" in output


def test_advisory_services_out_of_reach_only_warn_when_told(project):
    status, output = audit(project, CI="true", AUDIT_UNREACHABLE="warn", **OFFLINE)

    assert status == 0, output
    assert "WARNING: some packages were NOT AUDITED" in output
    assert "no known vulnerabilities" not in output


def test_known_vulnerabilities_fail_the_audit(project):
    status, output = audit(project, AUDIT_UNREACHABLE="warn")
    if "COULD NOT CHECK" in output:
        reason = next(line.strip() for line in output.splitlines() if line.startswith("  "))
        if os.environ.get("AUDIT_UNREACHABLE") == "warn":
            pytest.skip(f"Vulnerability data missing: {reason}")
        service_missing("Vulnerability data", reason)

    assert status == 1, output
    assert "django==3.2.0: " in output.lower()
    assert re.search(r"^  lodash .+: (low|moderate|high|critical);", output, re.MULTILINE), output
    assert "FAILED: known vulnerabilities above" in output
