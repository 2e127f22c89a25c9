"""Property-based input for event handlers: anything a client could put in an event's params."""

import asyncio

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# JSON values of every kind, odd strings included.
ANY_VALUE = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8")).map(lambda text: text * 50),
    st.sampled_from(["", " ", "\x00", "\n\r\t", "²", "٣", "1e3", "-1", "0", "NaN", "../..", "%s"]),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.none(),
    st.lists(st.text(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
)
HYPOTHESIS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def params_for(*names: str):
    """Some of a handler's parameters (possibly none), each with any value."""
    return st.fixed_dictionaries({}, optional={name: ANY_VALUE for name in names})


def run(handler, params: dict) -> None:
    """Call a handler as the websocket does: awaiting it when it is async."""
    result = handler(**params)
    if asyncio.iscoroutine(result):
        asyncio.run(result)
