"""Small helpers that know nothing of catalogs: atomic writes, text safety, suggestions,
graphs over strings. May import only the standard library."""
