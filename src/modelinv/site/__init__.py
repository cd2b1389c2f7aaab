"""The static index site: `build_site` renders templates from a typed context per page (the
model page's body, one per model, is written in Python by `model_html`, for speed)."""

from modelinv.site.builder import BuildResult, build_site

__all__ = ["BuildResult", "build_site"]
