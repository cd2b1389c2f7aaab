"""The validation pipeline: files -> per-file checks (in parallel, cached) -> catalog rules ->
waivers -> `Result`. Prints nothing. May import `inventory` and everything below it."""
