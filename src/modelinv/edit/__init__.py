"""Edit commands that lose nothing: change only the lines that must change, check the
result like `modelinv validate` would, then replace the file atomically."""

from modelinv.edit.codeowners import codeowners_after
from modelinv.edit.commands import archive, deprecate, promote, retire_check, review
from modelinv.edit.notify import Notice, unread, who_to_notify
from modelinv.edit.result import Change, LinkRefused, Refused
from modelinv.edit.scaffold import new_model
from modelinv.edit.target import model_ref
from modelinv.edit.write import edit_locked, write_change

__all__ = [
    "Change",
    "LinkRefused",
    "Notice",
    "Refused",
    "archive",
    "codeowners_after",
    "deprecate",
    "edit_locked",
    "model_ref",
    "new_model",
    "promote",
    "retire_check",
    "review",
    "unread",
    "who_to_notify",
    "write_change",
]
