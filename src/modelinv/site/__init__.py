"""The static index site: `build_site` renders templates from a typed context per page."""

from modelinv.site.builder import BuildResult, build_site

__all__ = ["BuildResult", "build_site"]
