"""The README says what vlo does: its export columns are the ones vlo writes."""

from pathlib import Path

from vlo.storage.exports import EXPORTS

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_lists_every_export_column_in_order():
    text = README.read_text(encoding="utf-8")
    for table, columns in EXPORTS.items():
        row = (
            f"| {table} | "
            + ", ".join(name + ("*" if personal else "") for name, _, personal in columns)
            + " |"
        )
        assert row in text, f"README's export table is out of date for {table}"


def test_the_demo_builds_its_own_database_and_never_touches_the_one_vlo_db_names(tmp_path):
    """The README's first command runs examples/demo.sh, which starts from an empty database. An
    officer's VLO_DB names their real one: the demo must not replace it (it did, and deleted the
    letters folder beside it), nor a demo/ folder it did not make."""
    import os
    import subprocess
    import sys

    demo = README.parent / "examples" / "demo.sh"
    real = tmp_path / "unit" / "vlo.db"
    real.parent.mkdir()
    real.write_bytes(b"the unit's cases")
    (real.parent / "letters").mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if k != "VLO_TODAY"},  # the demo dates from the real today
        "VLO_DB": str(real),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    run = subprocess.run(
        ["bash", str(demo)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    assert "== vlo due" in run.stdout and (tmp_path / "demo" / "vlo.db").exists()
    assert real.read_bytes() == b"the unit's cases" and (real.parent / "letters").is_dir()
    # Run again: it rebuilds its own demo/. A demo/ it did not make is refused, in one line.
    assert subprocess.run(["bash", str(demo)], cwd=tmp_path, env=env, capture_output=True).returncode == 0
    other = tmp_path / "elsewhere"
    (other / "demo").mkdir(parents=True)
    refused = subprocess.run(["bash", str(demo)], cwd=other, env=env, capture_output=True, text=True)
    assert refused.returncode == 1
    assert refused.stderr == "Error: demo/ exists and was not made by this demo; run it from another folder\n"
