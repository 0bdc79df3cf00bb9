"""The acceptance page (收件受理) and its panels."""

from clerk_app.ui.acceptance.applicant import ApplicantPanel
from clerk_app.ui.acceptance.checklist import ChecklistPanel
from clerk_app.ui.acceptance.checklist_model import ChecklistModel
from clerk_app.ui.acceptance.checklist_view import DefectReasonDialog
from clerk_app.ui.acceptance.decision import DecisionPanel
from clerk_app.ui.acceptance.items import ItemHitModel, ItemSearchPanel
from clerk_app.ui.acceptance.page import AcceptancePage, DiscardWorkDialog

__all__ = [
    "AcceptancePage",
    "ApplicantPanel",
    "ChecklistModel",
    "ChecklistPanel",
    "DecisionPanel",
    "DefectReasonDialog",
    "DiscardWorkDialog",
    "ItemHitModel",
    "ItemSearchPanel",
]
