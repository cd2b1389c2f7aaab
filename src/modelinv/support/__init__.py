"""Small helpers that know nothing of catalogs: atomic writes, bounded reads of files a
pull request controls, text safety, suggestions, graphs over strings. May import only the
standard library."""
