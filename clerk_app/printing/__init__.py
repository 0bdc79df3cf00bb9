"""Printed documents (reportlab): notices, receipts, barcodes and QR codes."""

from clerk_app.printing.case_values import PrintContext
from clerk_app.printing.documents import DocType, documents_for, render_document
from clerk_app.printing.fonts import FontNotFoundError, register_cjk_font
from clerk_app.printing.samples import render_sample, sample_case
from clerk_app.printing.templates import TemplateError, load_templates

__all__ = [
    "DocType",
    "FontNotFoundError",
    "PrintContext",
    "TemplateError",
    "documents_for",
    "load_templates",
    "register_cjk_font",
    "render_document",
    "render_sample",
    "sample_case",
]
