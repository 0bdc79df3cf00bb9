"""What crosses the wire between the central server and the counter PCs.

One pydantic model per payload and one ``StrEnum`` per set of kinds, statuses and roles. The
server's services return these objects and its routes declare them as ``response_model``; the
counter parses answers with ``Model.model_validate`` and its UI models hold them. A field added
here is added for both sides at once. Depends on ``clerk_app.domain`` and pydantic only.
"""
