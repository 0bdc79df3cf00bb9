"""Hall configuration: loading hall.json (idempotent) and serving it back without passwords."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from clerk_app.central.attachment_models import HallMaterialSettings
from clerk_app.central.models import Hall, Queue, Staff, Window, WindowQueue, Zone
from clerk_app.central.services import audit
from clerk_app.central.services.auth import AuthUser, hash_password
from clerk_app.central.services.calendar import current_calendar
from clerk_app.central.services.errors import Forbidden, Invalid, NotFound
from clerk_app.central.services.privacy import sees_staff
from clerk_app.contract.enums import Role
from clerk_app.contract.halls import (
    HallFile,
    HallInfoOut,
    HallOut,
    MaterialSettingsIn,
    MaterialSettingsOut,
    QueueOut,
    StaffConf,
    StaffOut,
    WindowOut,
    WorkdayOverrideOut,
    ZoneOut,
)
from clerk_app.domain.passwords import password_problem

# Who prints notices (and so needs the QR's key): not the devices, not the departments.
SECRET_ROLES = frozenset({"clerk", "helpdesk", "supervisor", "admin"})


def _duplicates(conf: HallFile) -> list[str]:
    problems = []
    for label, values in (
        ("分区", [z.code for z in conf.zones]),
        ("队列", [q.code for q in conf.queues]),
        ("队列字母", [q.prefix for q in conf.queues]),
        ("窗口", [str(w.number) for w in conf.windows]),
        ("用户", [s.username for s in conf.staff]),
    ):
        duplicates = sorted({v for v in values if values.count(v) > 1})
        if duplicates:
            problems.append(f"{label}重复：{'、'.join(duplicates)}")
    return problems


def _layout_references(conf: HallFile) -> list[str]:
    """Zones and queues that queues and windows name but the file does not define."""
    zones = {z.code for z in conf.zones}
    queues = {q.code for q in conf.queues}
    problems = [
        f"队列{q.code}的分区{q.zone}不存在"
        for q in conf.queues
        if q.zone is not None and q.zone not in zones
    ]
    for w in conf.windows:
        if w.zone is not None and w.zone not in zones:
            problems.append(f"{w.number}号窗口的分区{w.zone}不存在")
        problems.extend(
            f"{w.number}号窗口的队列{code}不存在" for code in w.queues if code not in queues
        )
    return problems


def _account_problems(conf: HallFile) -> list[str]:
    windows = {w.number for w in conf.windows}
    problems: list[str] = []
    for s in conf.staff:
        if s.role == "admin":
            problems.append(
                f"大厅配置文件不能创建管理员账户（{s.username}），"
                "请用 clerk-central admin create 创建"
            )
        password_issue = password_problem(s.password, s.username)
        if password_issue is not None:
            problems.append(f"用户{s.username}的初始密码不符合要求：{password_issue}")
        if s.window is not None and s.window not in windows:
            problems.append(f"用户{s.username}的{s.window}号窗口不存在")
        if s.role == "department" and not s.department_code:
            problems.append(f"部门用户{s.username}缺少department_code")
        if s.department_head and s.role != "department":
            problems.append(f"用户{s.username}不是部门用户，不能是部门负责人（department_head）")
    return problems


def _check_references(conf: HallFile) -> list[str]:
    return _duplicates(conf) + _layout_references(conf) + _account_problems(conf)


def _foreign_accounts(session: Session, conf: HallFile) -> list[str]:
    """Usernames of the file that are another hall's accounts, or admins (never touched)."""
    problems = []
    names = [s.username for s in conf.staff]
    for username, role, code in session.execute(
        select(Staff.username, Staff.role, Hall.code)
        .join(Hall, Hall.id == Staff.hall_id)
        .where(Staff.username.in_(names or [""]))
    ):
        if code != conf.hall.code:
            problems.append(f"用户名{username}已属于大厅{code}，不能在本大厅配置中使用")
        elif role == "admin":
            problems.append(f"{username}是管理员账户，大厅配置文件不能修改")
    return problems


def load_hall_config(
    session: Session, data: dict[str, Any] | HallFile, now: datetime | None = None
) -> Hall:
    """Create or update a hall from its configuration; running it twice changes nothing.

    The file's accounts are the hall's own: a username of another hall is refused (never moved,
    its password never reset), and so is any admin (admins come from ``clerk-central admin
    create``). A configured password is only the initial one: an existing account keeps its
    password (changed by its user or reset by an admin), its disabled flag and its sessions.
    Accounts created or changed here are written to the hall's audit trail.
    """
    conf = data if isinstance(data, HallFile) else HallFile.model_validate(data)
    problems = _check_references(conf) + _foreign_accounts(session, conf)
    if problems:
        raise Invalid("大厅配置有误：" + "；".join(problems))
    hall = _upsert_hall(session, conf)
    _drop_unlisted(session, hall, conf)
    zones = _load_zones(session, hall, conf)
    queues = _load_queues(session, hall, conf, zones)
    windows = _load_windows(session, hall, conf, zones, queues)
    at = now or datetime.now(UTC)
    for s in conf.staff:
        _load_account(session, hall, s, windows, at)
    session.flush()
    return hall


def _upsert_hall(session: Session, conf: HallFile) -> Hall:
    hall = session.scalars(select(Hall).where(Hall.code == conf.hall.code)).one_or_none()
    if hall is None:
        hall = Hall(code=conf.hall.code, name=conf.hall.name, address=conf.hall.address)
        session.add(hall)
    hall.name, hall.address = conf.hall.name, conf.hall.address
    hall.phone, hall.public_progress_url = conf.hall.phone, conf.hall.public_progress_url
    hall.opening_hours = conf.hall.opening_hours
    hall.precheck_open_days = conf.hall.precheck_open_days
    if not hall.progress_secret:
        hall.progress_secret = secrets.token_hex(32)
    session.flush()
    return hall


def _drop_unlisted(session: Session, hall: Hall, conf: HallFile) -> None:
    """The file is the truth for zones, queues and windows: what it no longer lists goes.
    (Staff are kept: accounts may be added outside the file.)"""
    wanted_windows = {w.number for w in conf.windows}
    for window in session.scalars(select(Window).where(Window.hall_id == hall.id)):
        if window.number not in wanted_windows:
            session.delete(window)
    wanted_queues = {q.code for q in conf.queues}
    for queue in session.scalars(select(Queue).where(Queue.hall_id == hall.id)):
        if queue.code not in wanted_queues:
            session.delete(queue)
    wanted_zones = {z.code for z in conf.zones}
    for zone in session.scalars(select(Zone).where(Zone.hall_id == hall.id)):
        if zone.code not in wanted_zones:
            session.delete(zone)
    session.flush()


def _load_zones(session: Session, hall: Hall, conf: HallFile) -> dict[str, Zone]:
    zones = {z.code: z for z in session.scalars(select(Zone).where(Zone.hall_id == hall.id))}
    for z in conf.zones:
        zone = zones.get(z.code) or Zone(hall_id=hall.id, code=z.code, name=z.name)
        zone.name = z.name
        session.add(zone)
        zones[z.code] = zone
    session.flush()
    return zones


def _load_queues(
    session: Session, hall: Hall, conf: HallFile, zones: dict[str, Zone]
) -> dict[str, Queue]:
    queues = {q.code: q for q in session.scalars(select(Queue).where(Queue.hall_id == hall.id))}
    # Prefix letters are unique per hall. Park the existing ones on lower-case letters (never
    # configured: the schema asks for A-Z) so letters can swap between queues in one load.
    for queue in queues.values():
        queue.prefix = queue.prefix.lower()
    session.flush()
    for q in conf.queues:
        zone_id = zones[q.zone].id if q.zone else None
        queue = queues.get(q.code) or Queue(hall_id=hall.id, code=q.code)
        queue.name, queue.prefix, queue.zone_id = q.name, q.prefix, zone_id
        session.add(queue)
        queues[q.code] = queue
    session.flush()
    return queues


def _load_windows(
    session: Session,
    hall: Hall,
    conf: HallFile,
    zones: dict[str, Zone],
    queues: dict[str, Queue],
) -> dict[int, Window]:
    windows = {
        w.number: w for w in session.scalars(select(Window).where(Window.hall_id == hall.id))
    }
    for w in conf.windows:
        window = windows.get(w.number) or Window(hall_id=hall.id, number=w.number)
        window.label = w.label
        window.zone_id = zones[w.zone].id if w.zone else None
        window.queue_links = [
            WindowQueue(queue_id=queues[code].id, position=position)
            for position, code in enumerate(w.queues)
        ]
        session.add(window)
        windows[w.number] = window
    session.flush()
    return windows


def _load_account(
    session: Session, hall: Hall, s: StaffConf, windows: dict[int, Window], at: datetime
) -> None:
    """Create the file's account, or update its name, role, window and department; audited."""
    staff = session.scalars(
        select(Staff).where(Staff.username == s.username, Staff.hall_id == hall.id)
    ).one_or_none()
    window_id = windows[s.window].id if s.window is not None else None
    wanted = (s.display_name, s.role, window_id, s.department_code, s.department_head)
    if staff is None:
        staff = Staff(
            username=s.username,
            hall_id=hall.id,
            password_hash=hash_password(s.password),
            disabled=False,
        )
        session.add(staff)
        action = "account_created"
    elif (
        staff.display_name,
        staff.role,
        staff.window_id,
        staff.department_code,
        staff.department_head,
    ) != wanted:
        action = "account_updated"
    else:
        return
    (
        staff.display_name,
        staff.role,
        staff.window_id,
        staff.department_code,
        staff.department_head,
    ) = wanted
    audit.record(
        session,
        hall_code=hall.code,
        actor=audit.SYSTEM,
        role="system",
        action=action,
        subject=s.username,
        detail={"role": s.role, "window": s.window, "source": "hall_file"},
        now=at,
    )


def hall_config(
    session: Session, user: AuthUser, hall_code: str, default_progress_url: str = ""
) -> HallOut:
    """The hall as configured (no passwords); a user sees only their own hall. Its staff
    also get the progress secret, to print the QR's check code offline."""
    if hall_code != user.hall_code:
        raise Forbidden("只能查看本大厅的配置")
    hall = session.scalars(select(Hall).where(Hall.code == hall_code)).one_or_none()
    if hall is None:
        raise NotFound(f"大厅{hall_code}不存在")
    staff = (
        session.scalars(
            select(Staff).where(Staff.hall_id == hall.id).order_by(Staff.username)
        ).all()
        if sees_staff(user.role)
        else []  # devices: the layout only, not who works here
    )
    overrides = current_calendar().overrides
    return HallOut(
        workday_overrides=[
            WorkdayOverrideOut(day=day, working=working)
            for day, working in sorted(overrides.items())
        ],
        hall=HallInfoOut(
            code=hall.code,
            name=hall.name,
            address=hall.address,
            phone=hall.phone,
            public_progress_url=hall.public_progress_url or default_progress_url,
            opening_hours=hall.opening_hours,
            precheck_open_days=hall.precheck_open_days,
        ),
        progress_secret=hall.progress_secret if user.role in SECRET_ROLES else None,
        material_settings=material_settings(session, hall.code),
        zones=[ZoneOut(code=z.code, name=z.name) for z in hall.zones],
        queues=[
            QueueOut(
                code=q.code, name=q.name, prefix=q.prefix, zone=q.zone.code if q.zone else None
            )
            for q in hall.queues
        ],
        windows=[
            WindowOut(
                number=w.number,
                label=w.label,
                zone=w.zone.code if w.zone else None,
                queues=[link.queue.code for link in w.queue_links],
            )
            for w in hall.windows
        ],
        staff=[
            StaffOut(
                username=s.username,
                display_name=s.display_name,
                role=Role(s.role),
                window=s.window.number if s.window else None,
                department_code=s.department_code,
            )
            for s in staff
        ],
    )


# ------------------------------------------------------------------ electronic materials


def material_settings(session: Session, hall_code: str) -> MaterialSettingsOut:
    """The hall's rules for electronic materials (the defaults until its admin sets them)."""
    row = session.get(HallMaterialSettings, hall_code)
    if row is None:
        return MaterialSettingsOut()
    return MaterialSettingsOut(
        missing_ecopy_blocks=row.missing_ecopy_blocks,
        retention_days=row.retention_days,
        library_shared_with=[str(code) for code in row.library_shared_with or []],
    )


def _own_hall(session: Session, user: AuthUser, hall_code: str) -> str:
    if hall_code != user.hall_code:
        raise Forbidden("只能查看、修改本大厅的设置")
    if session.scalar(select(Hall.id).where(Hall.code == hall_code)) is None:
        raise NotFound(f"大厅{hall_code}不存在")
    return hall_code


def get_material_settings(session: Session, user: AuthUser, hall_code: str) -> MaterialSettingsOut:
    return material_settings(session, _own_hall(session, user, hall_code))


def save_material_settings(
    session: Session, user: AuthUser, hall_code: str, body: MaterialSettingsIn, now: datetime
) -> MaterialSettingsOut:
    """Set the hall's rules (its admin); the change goes to the audit trail, old and new."""
    if user.role != "admin":
        raise Forbidden("只有管理员可以修改电子材料设置")
    code = _own_hall(session, user, hall_code)
    shared = list(dict.fromkeys(c.strip().upper() for c in body.library_shared_with))
    if code in shared:
        raise Invalid("共享库的共享大厅不能是本大厅自己")
    known = set(session.scalars(select(Hall.code).where(Hall.code.in_(shared or [""]))))
    unknown = [c for c in shared if c not in known]
    if unknown:
        raise Invalid(f"共享库的共享大厅不存在：{'、'.join(unknown)}")
    before = material_settings(session, code)
    row = session.get(HallMaterialSettings, code)
    if row is None:
        row = HallMaterialSettings(hall_code=code)
        session.add(row)
    row.missing_ecopy_blocks = body.missing_ecopy_blocks
    row.retention_days = body.retention_days
    row.library_shared_with = shared
    row.updated_by, row.updated_at = user.username, now
    session.flush()
    after = material_settings(session, code)
    if after != before:
        detail = {"from": before.model_dump(), "to": after.model_dump()}
        audit.record_by(session, user, "hall.material_settings", code, detail, now)
    session.commit()
    return after
