"""``clerk-central`` commands, run in-process through ``main()``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from clerk_app.central.catalog_io import read_catalog_file
from clerk_app.central.cli import main
from clerk_app.central.db import make_engine
from clerk_app.central.models import CatalogItem, CatalogMeta, Hall, Queue, Staff, Window
from clerk_app.central.services.auth import verify_password

from .conftest import PASSWORD, hall_config, write_json


def _scalar(url: str, stmt: object) -> object:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(stmt)  # type: ignore[call-overload]
    finally:
        engine.dispose()


def test_gen_catalog_writes_a_valid_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "gen.jsonl.gz"
    assert main(["gen-catalog", "--items", "120", "--out", str(out), "--seed", "5"]) == 0
    assert "120个事项" in capsys.readouterr().out
    parsed = read_catalog_file(out)
    assert parsed.ok, parsed.errors[:3]
    assert len(parsed.items) == 120


def test_import_catalog_good_and_bad(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.jsonl"
    main(["gen-catalog", "--items", "50", "--out", str(good)])
    assert main(["import-catalog", str(good), "--db", db_url]) == 0
    assert "50个事项" in capsys.readouterr().out
    assert _scalar(db_url, select(func.count()).select_from(CatalogItem)) == 50

    lines = good.read_text(encoding="utf-8").splitlines()
    lines[3] = "{broken"
    lines.append(lines[-1])  # a duplicate of the last record
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["import-catalog", str(bad), "--db", db_url]) == 2
    out = capsys.readouterr()
    printed = out.out.splitlines()
    assert printed[0].startswith("第4行 [] : ")
    assert printed[-1].startswith(f"第{len(lines)}行 [")
    assert "未导入任何内容" in out.err
    assert _scalar(db_url, select(func.count()).select_from(CatalogItem)) == 50
    assert main(["import-catalog", str(tmp_path / "missing.jsonl"), "--db", db_url]) == 2


def test_migrate_uses_the_environment_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'env' / 'central.db'}"
    monkeypatch.setenv("CLERK_CENTRAL_DB", url)
    assert main(["migrate"]) == 0
    assert (tmp_path / "env" / "central.db").exists()
    assert _scalar(url, select(func.count()).select_from(Hall)) == 0


def test_init_demo_is_idempotent(db_url: str, tmp_path: Path) -> None:
    hall_file = write_json(tmp_path / "hall.json", hall_config())
    catalog_file = tmp_path / "catalog.jsonl"
    main(["gen-catalog", "--items", "30", "--out", str(catalog_file)])
    args = ["init-demo", "--db", db_url, "--hall-file", str(hall_file)]
    args += ["--catalog-file", str(catalog_file)]
    assert main(args) == 0
    first_hash = _scalar(db_url, select(Staff.password_hash).where(Staff.username == "clerk01"))
    assert isinstance(first_hash, str) and first_hash.startswith("$argon2")
    assert verify_password(first_hash, PASSWORD)
    assert main(args) == 0
    assert _scalar(db_url, select(func.count()).select_from(Staff)) == 2
    assert _scalar(db_url, select(func.count()).select_from(Hall)) == 1
    assert _scalar(db_url, select(func.count()).select_from(CatalogItem)) == 30
    # An unchanged password keeps its hash.
    assert (
        _scalar(db_url, select(Staff.password_hash).where(Staff.username == "clerk01"))
        == first_hash
    )
    assert _scalar(db_url, select(CatalogMeta.catalog_version)) == "synthetic-30-seed2026"
    # A changed file: window 2 removed, queue letters swapped, another initial password.
    conf = hall_config()
    conf["windows"] = conf["windows"][:1]
    conf["queues"][0]["prefix"], conf["queues"][1]["prefix"] = "D", "A"
    conf["staff"][0]["password"] = "Changed@2026"
    write_json(hall_file, conf)
    assert main(args) == 0
    assert _scalar(db_url, select(func.count()).select_from(Window)) == 1
    assert _scalar(db_url, select(Queue.prefix).where(Queue.code == "SOCIAL")) == "D"
    # The file's password is only the initial one: an existing account keeps its own.
    kept = _scalar(db_url, select(Staff.password_hash).where(Staff.username == "clerk01"))
    assert kept == first_hash


def test_init_demo_refuses_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    broken = tmp_path / "hall.json"
    broken.write_text("{nope", encoding="utf-8")
    assert main(["init-demo", "--db", url, "--hall-file", str(broken)]) == 2
    assert "大厅配置文件不是合法的UTF-8 JSON" in capsys.readouterr().err
    conf = hall_config()
    conf["windows"][0]["queues"] = ["UNKNOWN"]
    write_json(broken, conf)
    assert main(["init-demo", "--db", url, "--hall-file", str(broken)]) == 2
    assert "队列UNKNOWN不存在" in capsys.readouterr().err
    conf = hall_config()
    conf["staff"][0]["role"] = "king"
    write_json(broken, conf)
    assert main(["init-demo", "--db", url, "--hall-file", str(broken)]) == 2
    assert "staff[0].role" in capsys.readouterr().err
    assert main(["init-demo", "--db", url, "--hall-file", str(tmp_path / "none.json")]) == 2


def test_init_demo_with_the_repository_demo_files(tmp_path: Path) -> None:
    from clerk_app.central.demo import default_catalog_file, default_hall_file

    if not default_hall_file().exists():
        pytest.skip("resources/demo/hall.json is not there yet")
    url = f"sqlite:///{tmp_path / 'c.db'}"
    assert main(["init-demo", "--db", url]) == 0
    hall = json.loads(default_hall_file().read_text(encoding="utf-8"))
    assert _scalar(url, select(Hall.code)) == hall["hall"]["code"]
    if default_catalog_file().exists():
        assert read_catalog_file(default_catalog_file()).ok


def _serve_and_ask_health(url: str, *extra: str) -> dict[str, object]:
    """Run ``clerk-central serve`` in a child process and return its first health answer."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "clerk_app.central.cli", "serve", "--db", url, *extra]
    process = subprocess.Popen(
        [*command, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/v1/health", timeout=1
                ) as r:
                    return dict(json.loads(r.read()))
            except OSError:
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                time.sleep(0.1)
        raise AssertionError("the server did not answer within 60 s")
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stderr:
            process.stderr.close()


def test_serve_migrates_and_answers(tmp_path: Path) -> None:
    answer = _serve_and_ask_health(f"sqlite:///{tmp_path / 'served.db'}")
    assert answer == {"status": "ok", "catalog_version": ""}


@pytest.mark.parametrize(
    "db_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_serve_with_worker_processes_on_postgresql(db_url: str) -> None:
    assert _serve_and_ask_health(db_url, "--workers", "2")["status"] == "ok"


def test_serve_refuses_worker_processes_on_sqlite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'one.db'}"
    assert main(["serve", "--db", url, "--workers", "2"]) != 0
    assert "PostgreSQL" in capsys.readouterr().err


def test_unreachable_or_malformed_database(capsys: pytest.CaptureFixture[str]) -> None:
    unreachable = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    assert main(["migrate", "--db", unreachable]) == 1
    assert "无法连接或操作数据库" in capsys.readouterr().err
    assert main(["migrate", "--db", "not a url"]) == 2
    assert "数据库URL不合法" in capsys.readouterr().err
