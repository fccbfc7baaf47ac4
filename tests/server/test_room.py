"""The room a server process holds for a live game stays the same size however long the
lesson: the conversation it keeps is the end of each channel; the log keeps all of it."""

from __future__ import annotations

import json

from game.room import KEPT_PER_CHANNEL, RATE_COUNT, Room, apply, conversation
from game.session import Recorded


def posted(seq: int, channel: str, player: int | None, text: str) -> Recorded:
    data = {"channel": channel, "player": player, "country": "idn", "text": text}
    return Recorded(seq, "message_posted", data, f"player:{player}", at(seq))


def at(seq: int) -> str:
    return f"2026-11-28T09:{seq // 60 % 60:02d}:{seq % 60:02d}+00:00"


def a_long_lesson(lines: int) -> list[Recorded]:
    """``lines`` plenary lines from two players in turn, then one help request."""
    events = [posted(seq, "plenary", 1 + seq % 2, f"baris {seq}") for seq in range(1, lines + 1)]
    return [*events, posted(lines + 1, "help:1", 1, "tolong")]


def fold(events: list[Recorded]) -> Room:
    room = Room()
    for event in events:
        room = apply(room, event.type, event.data, event.seq, event.at)
    return room


def test_the_room_keeps_the_latest_lines_of_each_channel_and_counts_every_line():
    room = fold(a_long_lesson(KEPT_PER_CHANNEL * 3))

    plenary = room.channels["plenary"]
    assert len(plenary) == KEPT_PER_CHANNEL
    assert [m.id for m in plenary] == list(
        range(KEPT_PER_CHANNEL * 2 + 1, KEPT_PER_CHANNEL * 3 + 1)
    )
    assert room.posted == {"plenary": KEPT_PER_CHANNEL * 3, "help:1": 1}
    assert [m.channel for m in room.messages[-2:]] == ["plenary", "help:1"]  # in posting order


def test_the_lines_a_room_keeps_share_their_channels_and_countrys_names():
    """Every event is parsed from JSON afresh; the room keeps one copy of each name."""
    line = '{"channel": "group:g1", "player": 1, "country": "idn", "text": "halo"}'
    events = [
        Recorded(seq, "message_posted", json.loads(line), "player:1", at(seq)) for seq in (1, 2)
    ]

    first, second = fold(events).channels["group:g1"]

    assert first.channel == "group:g1" and first.country == "idn"
    assert first.channel is second.channel and first.country is second.country


def test_a_quiet_channel_keeps_its_lines_however_busy_the_others_are():
    room = fold(a_long_lesson(KEPT_PER_CHANNEL * 3))
    assert [m.text for m in room.channels["help:1"]] == ["tolong"]


def test_the_room_remembers_each_players_latest_posts_for_the_spam_limit():
    events = a_long_lesson(40)
    room = fold(events)
    player_two = [e.at for e in events if e.data["player"] == 2]
    assert room.recent_posts[2] == tuple(player_two[-RATE_COUNT:])


def test_hiding_a_line_the_room_still_keeps_marks_it_and_an_older_one_changes_nothing():
    events = a_long_lesson(KEPT_PER_CHANNEL + 1)
    room = fold(events)
    kept = room.channels["plenary"][0]

    hidden = apply(room, "message_hidden", {"message": kept.id, "hidden": True}, 999, at(999))
    assert hidden.message(kept.id).hidden
    assert apply(room, "message_hidden", {"message": 1, "hidden": True}, 999, at(999)) == room


def test_the_whole_conversation_comes_back_from_the_events_with_what_was_hidden():
    lesson = a_long_lesson(KEPT_PER_CHANNEL + 1)
    seq = len(lesson) + 1
    hide = Recorded(seq, "message_hidden", {"message": 1, "hidden": True}, "facilitator", at(seq))

    whole = conversation([*lesson, hide])

    assert len(whole) == KEPT_PER_CHANNEL + 2
    assert whole[0].text == "baris 1" and whole[0].hidden
    assert not any(m.hidden for m in whole[1:])
