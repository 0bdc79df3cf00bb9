"""The fast ``Item.to_dict()`` lives in the domain (``clerk_app.domain.catalog_json``), shared
with the central server; this name stays for the store's imports."""

from clerk_app.domain.catalog_json import FAST_PATH_OK, item_to_dict

__all__ = ["FAST_PATH_OK", "item_to_dict"]
