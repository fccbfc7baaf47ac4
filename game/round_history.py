"""The rounds a live game has resolved, kept packed in the process that folds it.

Every server process keeps each live game's fold (``game.session``), and a fold holds every
round's results: for twenty countries a record is 20 KB of JSON and about 74 KiB as Python
dictionaries and floats, made anew each round and kept as long as the game. Packed (JSON,
then zlib) a record is about 5 KB, in one block of memory instead of a thousand small
objects that pin the allocator's arenas among the round's short-lived ones. A record is
unpacked when read: by an export, the report, a bot deciding its next policy; a snapshot
takes the records' JSON as it is (``json``).

The engine sees a sequence of records like any other (``game.engine.state.State.history``):
it only reads them and adds the new round's with ``+``.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any, overload

import orjson

# zlib's fastest level: 5.3 KB for a twenty-country round, 0.2 ms to pack (level 6 saves
# another 0.7 KB for twice the time, in every process, for every round).
_LEVEL = 1


def _pack(record: Mapping[str, Any]) -> bytes:
    return zlib.compress(orjson.dumps(record, option=orjson.OPT_NON_STR_KEYS), _LEVEL)


# A round's bots each read the latest record in turn; a few database threads may be doing so
# for different games at once. Few: each record kept unpacked is 74 KiB again. The records
# are read-only, as everything in the engine's state.
@lru_cache(maxsize=4)
def _unpack(packed: bytes) -> Mapping[str, Any]:
    return orjson.loads(zlib.decompress(packed))


class RoundHistory(Sequence[Mapping[str, Any]]):
    """An immutable sequence of round records, each packed."""

    __slots__ = ("_packed",)

    def __init__(self, records: Sequence[Mapping[str, Any]] = ()) -> None:
        self._packed: tuple[bytes, ...] = tuple(_pack(record) for record in records)

    @classmethod
    def _of(cls, packed: tuple[bytes, ...]) -> RoundHistory:
        history = cls()
        history._packed = packed
        return history

    def __add__(self, records: Sequence[Mapping[str, Any]]) -> RoundHistory:
        return self._of(self._packed + tuple(_pack(record) for record in records))

    def __len__(self) -> int:
        return len(self._packed)

    @overload
    def __getitem__(self, index: int) -> Mapping[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Mapping[str, Any], ...]: ...

    def __getitem__(self, index: int | slice) -> Mapping[str, Any] | tuple[Mapping[str, Any], ...]:
        if isinstance(index, slice):
            return tuple(_unpack(packed) for packed in self._packed[index])
        return _unpack(self._packed[index])

    def json(self) -> bytes:
        """The records as one JSON array, unpacked but not parsed: a snapshot splices it in
        as it is (a parsed round is 0.24 ms and 74 KiB of objects, only to be encoded again)."""
        return b"[" + b",".join(zlib.decompress(packed) for packed in self._packed) + b"]"

    def __iter__(self) -> Iterator[Mapping[str, Any]]:
        return (_unpack(packed) for packed in self._packed)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RoundHistory) and self._packed == other._packed:
            return True
        # Equal records may pack differently: a record read back from PostgreSQL has its keys
        # in another order than the one the engine made.
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"RoundHistory({len(self)} rounds, {sum(map(len, self._packed))} bytes packed)"
