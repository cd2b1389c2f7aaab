"""Objects kept until exit only by a process that declared itself one-shot."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import weakref

from modelinv.support import lifetime

_PROBE = textwrap.dedent(
    """
    import weakref
    from modelinv.support import lifetime

    class Catalog:
        pass

    lifetime.declare_one_shot()
    catalog = Catalog()
    ref = weakref.ref(catalog)
    lifetime.keep(catalog)
    del catalog
    print(lifetime.one_shot(), ref() is not None)
    """
)


class _Catalog:
    pass


def test_keep_frees_as_usual_outside_a_one_shot_process() -> None:
    assert not lifetime.one_shot()  # tests and library users never declare it
    catalog = _Catalog()
    ref = weakref.ref(catalog)
    lifetime.keep(catalog)
    del catalog
    assert ref() is None


def test_a_one_shot_process_keeps_what_it_is_given() -> None:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["True", "True"]
