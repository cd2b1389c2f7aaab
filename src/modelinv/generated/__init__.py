"""Files generated from the code or the catalog, each with a check for drift: the JSON
Schemas, the rule documentation and CODEOWNERS. May import `checks` and everything below."""
