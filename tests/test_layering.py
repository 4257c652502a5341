"""The apps depend one way (ADR 0004), and `lint-imports` fails when an import runs upward."""

import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ["contactpolicy", "cases", "restrictions", "appeals", "notices", "mailboxes", "screens"]
CONTRACT = "Apps depend only on the layers below them"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(where: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(where / "pyproject.toml"), "--no-cache"],
        cwd=where,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def copy_of_the_apps(target: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "templates", "migrations", "*.pyc")
    for app in APPS:
        shutil.copytree(ROOT / app, target / app, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    return target


def test_the_tree_keeps_the_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{CONTRACT} KEPT" in result.stdout


def test_an_upward_import_breaks_the_contract(tmp_path):
    tree = copy_of_the_apps(tmp_path)
    assert lint_imports(tree).returncode == 0
    with (tree / "cases" / "selectors.py").open("a") as module:
        module.write("\nimport restrictions.models  # noqa\n")

    result = lint_imports(tree)

    assert result.returncode != 0
    assert f"{CONTRACT} BROKEN" in result.stdout
    assert "cases.selectors -> restrictions.models" in result.stdout


def test_the_project_package_may_not_import_an_app(tmp_path):
    tree = copy_of_the_apps(tmp_path)
    with (tree / "contactpolicy" / "navigation.py").open("a") as module:
        module.write("\nfrom screens import views  # noqa\n")

    result = lint_imports(tree)

    assert result.returncode != 0
    assert "contactpolicy.navigation -> screens.views" in result.stdout
