"""Find catalog files and turn their bytes into plain data plus a source map."""

from modelinv.loader.document import Document, Pointer, Span
from modelinv.loader.load import PARSERS, load_bytes, load_path

__all__ = ["PARSERS", "Document", "Pointer", "Span", "load_bytes", "load_path"]
