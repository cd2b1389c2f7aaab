"""GitHub Actions workflow commands (`::warning file=a.yaml,line=3,title=T::message`): the
one writer of every GitHub output format.

The runner takes the text up to the first space (or `::`) as the command name, then
comma-separated `key=value` properties, then `::` and the message. So a property value
must escape `%`, CR, LF, `:` and `,`, and the message `%`, CR and LF (GitHub's own rules);
before that, every hidden character (ESC, bidi, other controls) is shown as a `\\uXXXX`
escape, so nothing quoted from input reaches the CI log as a control sequence.
"""

from __future__ import annotations

from collections.abc import Sequence

from modelinv.support.unsafe_text import visible


def data(text: str) -> str:
    """Command data (the message): hidden characters shown as escapes, then GitHub's
    escapes for what is left."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def property_value(text: str) -> str:
    """A property value: `data` plus `:` and `,`, which would end the value."""
    return data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: Sequence[tuple[str, str | int]], message: str) -> str:
    """One workflow command line (without the newline). `name` and the property keys are
    fixed words of modelinv (`warning`, `file`, ...); the values and the message may be
    anything."""
    props = ",".join(f"{key}={property_value(str(value))}" for key, value in properties)
    return f"::{name}{' ' + props if props else ''}::{data(message)}"
