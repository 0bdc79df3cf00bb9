from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from clerk_app.central.deps import EngineDep, ReleasingRoute, SessionDep, SettingsDep
from clerk_app.central.policy import public
from clerk_app.central.services.catalog import catalog_meta, snapshot_stream
from clerk_app.central.services.errors import NotFound
from clerk_app.contract.catalog import CatalogMetaOut

router = APIRouter(prefix="/catalog", tags=["catalog"], route_class=ReleasingRoute)


@router.get(
    "/meta",
    response_model=CatalogMetaOut,
    summary="事项目录版本与数量",
    dependencies=[public("catalog.read")],
)
def meta(session: SessionDep) -> CatalogMetaOut:
    return catalog_meta(session)


@router.get(
    "/snapshot",
    summary="整个事项目录（目录文件格式，gzip压缩的JSON Lines）",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/x-ndjson": {}}}},
    dependencies=[public("catalog.read")],
)
def snapshot(session: SessionDep, engine: EngineDep, settings: SettingsDep) -> StreamingResponse:
    meta = catalog_meta(session)
    session.close()  # the stream opens its own connection
    if not meta.catalog_version:
        raise NotFound("中心尚未导入事项目录")
    return StreamingResponse(
        snapshot_stream(engine, chunk=settings.snapshot_chunk, level=settings.snapshot_gzip_level),
        media_type="application/x-ndjson",
        headers={
            "Content-Disposition": 'attachment; filename="catalog.jsonl.gz"',
            "X-Catalog-Version": quote(meta.catalog_version),
            "X-Item-Count": str(meta.item_count),
        },
    )
