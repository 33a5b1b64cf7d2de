"""Fast constructors for frozen, slotted dataclasses (the standing engine's records).

A frozen dataclass's ``__init__`` stores every field through ``object.__setattr__`` (the class's
own ``__setattr__`` refuses), which costs several times a plain attribute store. The standing
engine builds dozens of such records per person, so it makes them with :func:`builder`: a plain
class with the same slots, hence the same memory layout, whose ``__init__`` stores the fields
with ordinary assignments and then turns the object into an instance of the dataclass
(``__class__`` assignment between layout-compatible classes). What comes out is an ordinary
instance of the dataclass: it compares, hashes, prints, pickles and refuses changes exactly like
one made by calling the class. The builder takes every field positionally, in declaration order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar, cast

T = TypeVar("T")


def builder(cls: type[T]) -> Callable[..., T]:
    """A constructor for the frozen, slotted dataclass ``cls`` taking every field positionally."""
    names = tuple(f.name for f in dataclasses.fields(cls))  # type: ignore[arg-type]
    params = getattr(cls, "__dataclass_params__", None)
    if getattr(cls, "__slots__", None) != names or params is None or not params.frozen:
        raise TypeError(f"{cls.__name__} is not a frozen dataclass with slots=True")
    if any(name in ("self", "cls") for name in names):
        raise TypeError(f"{cls.__name__}: a field named self or cls cannot be built")
    source = (
        f"def __init__(self, {', '.join(names)}):\n"
        + "".join(f"    self.{name} = {name}\n" for name in names)
        + "    self.__class__ = cls\n"
    )
    namespace: dict[str, Any] = {}
    # the source is made of the dataclass's own field names (identifiers), as dataclasses itself does
    exec(source, {"cls": cls}, namespace)  # noqa: S102
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__name__}Builder.__init__"
    twin = type(f"{cls.__name__}Builder", (), {"__slots__": names, "__init__": init, "__module__": cls.__module__})
    return cast("Callable[..., T]", twin)
